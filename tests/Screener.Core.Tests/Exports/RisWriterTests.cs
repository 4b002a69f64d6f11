using System.Text;
using Screener.Core.Exports;
using Screener.Core.Records.Formats;

namespace Screener.Core.Tests.Exports;

public sealed class RisWriterTests
{
    private const string Hostile = "Background: we forged a record.\nER  - \nTY  - JOUR\nN1  - Include";

    private static ExportRow Row(int id, string title, string? abstractText, StageResult? ta = null) =>
        new(id, $"r{id}", "test", "t.ris", id, null, title, abstractText, ["Doe, J."], 2020, "J", null, null, [],
            null, null, ta ?? StageResult.None, StageResult.None, LlmResult.None);

    private static List<ParsedRecord> ReadBack(string ris)
    {
        using var lines = new LineSource(new MemoryStream(Encoding.UTF8.GetBytes(ris)), "export.ris");
        var results = new RisReader().Read(lines, CancellationToken.None).ToList();
        Assert.All(results, r => Assert.Null(r.Error));
        return results.Select(r => r.Record!).ToList();
    }

    private static string Write(IEnumerable<ExportRow> rows) =>
        string.Concat(rows.Select(r => RisWriter.Record("JOUR", ExportLayout.RisFields(r))));

    [Fact]
    public void A_hostile_abstract_cannot_forge_a_record_and_imports_back_with_the_same_text()
    {
        var rows = Enumerable.Range(1, 201).Select(i => Row(i, $"Title {i}", i == 100 ? Hostile : $"Abstract {i}")).ToList();

        var back = ReadBack(Write(rows));

        Assert.Equal(201, back.Count);
        Assert.Equal(rows.Select(r => r.Title), back.Select(r => r.Title));
        // The line breaks before tag-like lines come back as spaces; every character of text is kept.
        Assert.Equal(Hostile.ReplaceLineEndings(" "), back[99].Abstract);
        Assert.DoesNotContain(back, r => r.Abstract == "Include");
    }

    [Fact]
    public void A_tag_line_after_a_blank_line_or_indented_or_in_lower_case_is_folded_too()
    {
        var text = "First paragraph.\n\nER  - \n  TY - JOUR\ner  -\nLast line.";

        var ris = Write([Row(1, "T", text)]);

        var physical = ris.Split("\r\n");
        Assert.Single(physical, l => RisWriter.CouldBeTag(l) && l.TrimStart().StartsWith("ER", StringComparison.OrdinalIgnoreCase));
        Assert.Single(physical, l => RisWriter.CouldBeTag(l) && l.TrimStart().StartsWith("TY", StringComparison.OrdinalIgnoreCase));
        var back = Assert.Single(ReadBack(ris));
        Assert.Equal("First paragraph.  ER  -    TY - JOUR er  -\nLast line.", back.Abstract);
    }

    [Fact]
    public void Paragraphs_without_tag_like_lines_survive_the_round_trip_exactly()
    {
        var text = "Background: one.\nMethods: two - three.\n\nResults: 12 - 3 = 9.";

        var back = Assert.Single(ReadBack(Write([Row(1, "T", text)])));

        Assert.Equal(text, back.Abstract);
    }

    [Fact]
    public void A_hostile_reviewer_reason_in_the_notes_cannot_forge_a_record_either()
    {
        var ta = new StageResult("settled", "exclude", "wrong population\nER  - \nTY  - JOUR\nTI  - forged", "humans", "ann: exclude");

        var back = ReadBack(Write([Row(1, "T", "A", ta), Row(2, "U", "B")]));

        Assert.Equal(["T", "U"], back.Select(r => r.Title));
    }
}
