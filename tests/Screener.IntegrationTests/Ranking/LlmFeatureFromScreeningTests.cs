using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Tests.TestData;
using Screener.Core.Vocabulary;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Ranking;

/// <summary>
/// Issue 7 end to end: a labelled review (generated in the shape of Cohen's NSAIDs set: 393 records, 41 final includes,
/// whose text tells includes from excludes only weakly) is imported, screened by a loopback LLM that replays the final labels with
/// seeded flips, exported, and simulated with and without the export's LLM probability blended into the ranking.
/// </summary>
public sealed partial class LlmFeatureFromScreeningTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime, IDisposable
{
    private const double FlipRate = 0.1;
    private readonly string _dir = Directory.CreateTempSubdirectory("llm-feature-").FullName;

    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Protocol = """
        title: NSAIDs for osteoarthritis and rheumatoid arthritis
        question: How do NSAIDs compare in efficacy and harms in adults with arthritis?
        picos:
          population: adults with osteoarthritis or rheumatoid arthritis
          intervention: a non-steroidal anti-inflammatory drug
          comparison: another NSAID or placebo
          outcomes: pain, function, gastrointestinal and cardiovascular harms
          study_design: controlled trials and large observational studies
        inclusion_criteria:
          - id: I1
            text: Adults with osteoarthritis or rheumatoid arthritis treated with an NSAID.
        exclusion_criteria:
          - id: E1
            text: Not a primary study.
        exclusion_reasons: [wrong population, wrong design]
        """;

    [Fact]
    public async Task An_llm_replaying_noisy_labels_lowers_the_records_needed_for_95_percent_recall()
    {
        var records = SyntheticRecords.Generate(new("nsaids", 393, 88, 41, Seed: 393) { Signal = 0.15 }).WriteCsv(_dir);
        var protocol = Path.Combine(_dir, "protocol.yaml");
        await File.WriteAllTextAsync(protocol, Protocol);
        (await CliHarness.RunAsync(database, "init", "--protocol", protocol, "--name", "N")).AssertExit(0);
        (await CliHarness.RunAsync(database, "import", "--review", "N", records)).AssertExit(0);
        Dictionary<string, bool> labelOfTitle;
        await using (var db = database.CreateDbContext())
            labelOfTitle = (await db.Records.Select(r => new { r.Title, r.ImportedLabelFinal }).ToListAsync())
                .GroupBy(r => r.Title).ToDictionary(g => g.Key, g => g.Any(r => r.ImportedLabelFinal == true));
        await using var server = await FakeLlmServer.StartAsync(request =>
        {
            var title = TitleLine().Match(request.LastMessage("user")!).Groups[1].Value;
            return FakeLlmReply.Text(labelOfTitle[title] != Flipped(title) ? Include : Exclude);
        });

        var screen = await CliHarness.RunAsync(database, new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "label-replay", ["Llm:MaxConcurrency"] = "16",
        }, "screen", "--review", "N", "--yes");
        var export = Path.Combine(_dir, "nsaids.csv");
        var exported = await CliHarness.RunAsync(database, "export", "--review", "N", "--format", "csv", "--output", export);

        screen.AssertExit(0);
        exported.AssertExit(0);
        await using (var db = database.CreateDbContext())
        {
            var decided = await db.Suggestions.Join(db.Records, s => s.RecordId, r => r.Id, (s, r) => new { r.Title, s.Decision }).ToListAsync();
            Assert.Equal(393, decided.Count);
            Assert.All(decided, d => Assert.Equal(labelOfTitle[d.Title] != Flipped(d.Title) ? ScreeningDecision.Include : ScreeningDecision.Exclude, d.Decision));
            var flips = decided.Count(d => Flipped(d.Title));
            Assert.InRange(flips, 25, 55); // about 10% of 393: the noise is real
        }

        // The same text model on both sides (the SVM; the LLM's votes are blended in after it), so only the votes differ.
        var textOnly = await CliHarness.RunAsync(database, "simulate", "--data", export, "--label-column", "label_final", "--runs", "3", "--json");
        var withLlm = await CliHarness.RunAsync(database, "simulate", "--data", export, "--label-column", "label_final", "--runs", "3",
            "--llm-column", "llm_include_probability", "--json");

        textOnly.AssertExit(0);
        withLlm.AssertExit(0);
        var (text, llm) = (RecordsTo95(textOnly), RecordsTo95(withLlm));
        Assert.True(llm < 0.8 * text, $"records to 95% recall: text alone {text}, with the LLM probability {llm}");
    }

    private static double RecordsTo95(CliResult result)
    {
        using var json = JsonDocument.Parse(result.Out);
        var dataset = json.RootElement.GetProperty("datasets")[0];
        Assert.Equal((393, 41), (dataset.GetProperty("records").GetInt32(), dataset.GetProperty("relevant").GetInt32()));
        return dataset.GetProperty("recordsTo95").GetProperty("median").GetDouble();
    }

    /// <summary>Seeded by the title alone, so the flips do not depend on the order requests arrive in.</summary>
    private static bool Flipped(string title) =>
        BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes("seed-7:" + title))) % 1000 < FlipRate * 1000;

    private const string Include = """
        {"criteria":[{"id":"I1","verdict":"met","evidence":"","reason":"arthritis and an NSAID"},
                     {"id":"E1","verdict":"not_met","evidence":"","reason":"primary study"}],
         "decision":"include","exclusion_reason":null,"confidence":0.8}
        """;

    private const string Exclude = """
        {"criteria":[{"id":"I1","verdict":"not_met","evidence":"","reason":"not NSAIDs in arthritis"},
                     {"id":"E1","verdict":"not_met","evidence":"","reason":"primary study"}],
         "decision":"exclude","exclusion_reason":"wrong population","confidence":0.8}
        """;

    [GeneratedRegex(@"^Title: (.*)$", RegexOptions.Multiline)]
    private static partial Regex TitleLine();
}
