using Screener.Core.Extraction;
using Screener.Core.Prompts;
using Screener.Core.Protocol;
using Screener.Core.Screening;
using static Screener.Core.Tests.Screening.ScreeningTestData;
using Record = Screener.Core.Records.Record;

namespace Screener.Core.Tests.Screening;

/// <summary>
/// Providers cache the longest prompt prefix that repeats (OpenAI from 1,024 tokens), so the instructions, which are
/// the same for every record of a run, must come first and the record last: a record's text anywhere before the end
/// would make every prompt of the run differ from its first tokens and nothing would be cached (issue 22).
/// </summary>
public sealed class PromptCachingOrderTests
{
    private const string TitleMarker = "ZQXTITLEMARKER";
    private const string AbstractMarker = "ZQXABSTRACTMARKER";

    private static readonly Record First = new() { Title = TitleMarker + " one", Abstract = AbstractMarker + " one.", Year = 2001, Journal = "J One" };
    private static readonly Record Second = new() { Title = "Another title", Abstract = "Another abstract.", Year = 2002, Journal = "J Two" };

    private static readonly ReviewProtocol WithForm = Statins with
    {
        ExtractionForm = [new("sample_size", FieldType.Integer, "participants randomised", true, [])],
    };

    public static TheoryData<string> Prompts => new() { "screening/v1", "extraction/v1" };

    private static RenderedPrompt Render(string prompt, Record record) => prompt.StartsWith("screening", StringComparison.Ordinal)
        ? ScreeningPrompt.Render(PromptLibrary.Default().Get(prompt), Statins, record)
        : ExtractionPrompt.Render(PromptLibrary.Default().Get(prompt), WithForm, record, ExtractionSource.For(record, null));

    [Theory]
    [MemberData(nameof(Prompts))]
    public void The_record_comes_after_every_instruction_and_closes_the_prompt(string prompt)
    {
        var rendered = Render(prompt, First);
        var whole = rendered.System + "\n" + rendered.User;

        Assert.DoesNotContain(TitleMarker, rendered.System);
        Assert.DoesNotContain(AbstractMarker, rendered.System);
        var recordStarts = Math.Min(whole.IndexOf(TitleMarker, StringComparison.Ordinal), whole.IndexOf(AbstractMarker, StringComparison.Ordinal));
        Assert.True(recordStarts > rendered.System.Length, $"{prompt}: the record's text starts at {recordStarts}, inside the instructions");
        // After the record block only its closing tag may follow: no instruction is left for after the record.
        var afterRecord = whole[(whole.LastIndexOf(AbstractMarker, StringComparison.Ordinal) + AbstractMarker.Length)..];
        Assert.Matches(@"^ one\.\s*(</(record|study)>)?\s*\z", afterRecord);
    }

    [Theory]
    [MemberData(nameof(Prompts))]
    public void Two_records_share_every_instruction_as_one_prefix(string prompt)
    {
        var one = Render(prompt, First);
        var two = Render(prompt, Second);
        var a = one.System + "\n" + one.User;
        var b = two.System + "\n" + two.User;

        var common = 0;
        while (common < Math.Min(a.Length, b.Length) && a[common] == b[common]) common++;

        Assert.Equal(one.System, two.System);
        Assert.True(common > one.System.Length, $"{prompt}: the prompts differ from character {common}, before the instructions end");
    }
}
