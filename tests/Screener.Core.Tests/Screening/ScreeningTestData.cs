using Screener.Core.Protocol;
using Record = Screener.Core.Records.Record;

namespace Screener.Core.Tests.Screening;

internal static class ScreeningTestData
{
    public static ReviewProtocol Statins { get; } = ProtocolLoader.Parse("""
        title: Statins in older adults
        question: Do statins reduce mortality in adults over 65?
        picos:
          population: adults aged 65 or over
          intervention: statins
          comparison: placebo or usual care
          outcomes: all-cause mortality
          study_design: randomised controlled trials
        inclusion_criteria:
          - id: I1
            text: Adults aged 65 or over.
          - id: I2
            text: Randomised controlled trial of a statin.
        exclusion_criteria:
          - id: E1
            text: Animal or in-vitro study.
        exclusion_reasons: [wrong population, wrong design, animal study]
        """, "test.yaml");

    public static Record Record(string title = "Atorvastatin in adults aged 70 and over: a randomised trial",
        string? abstractText = "We randomised 400 adults aged 70 or older to atorvastatin or placebo. All-cause mortality fell.") =>
        new() { Title = title, Abstract = abstractText, Year = 2020, Journal = "Lancet" };

    public static string Reply(string decision = "include", double confidence = 0.9, string? reason = null,
        string i1 = "met", string i1Evidence = "adults aged 70 or older", string i2 = "met", string e1 = "not_met") => $$"""
        {"criteria":[
          {"id":"I1","verdict":"{{i1}}","evidence":"{{i1Evidence}}","reason":"age"},
          {"id":"I2","verdict":"{{i2}}","evidence":"randomised","reason":"design"},
          {"id":"E1","verdict":"{{e1}}","evidence":"","reason":"humans"}],
         "decision":"{{decision}}","exclusion_reason":{{(reason is null ? "null" : $"\"{reason}\"")}},"confidence":{{confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}
        """;
}
