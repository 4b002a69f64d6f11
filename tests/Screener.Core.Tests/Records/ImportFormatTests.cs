using System.Text;
using Screener.Core.Records;
using Screener.Core.Records.Formats;
using Screener.Core.Tests.TestData;

namespace Screener.Core.Tests.Records;

/// <summary>Issue 21.3 and 21.4: every CSV row is imported or listed with its line; the extension decides a file's format.</summary>
public sealed class ImportFormatTests
{
    private static string Rows(int count, int brokenAt)
    {
        var csv = new StringBuilder("title,abstract,label_included\n");
        for (var i = 1; i <= count; i++)
            csv.Append(i == brokenAt ? $"\"Broken title {i},abstract {i},1\n" : $"\"Title {i}\",\"Abstract {i}, with a comma\",0\n");
        return csv.ToString();
    }

    [Theory]
    [InlineData(25)]
    [InlineData(50)]
    public void An_unclosed_quote_spoils_only_its_own_row_and_every_other_row_imports(int brokenAt)
    {
        var results = TestRecords.Parse(new CsvRecordReader(','), Rows(50, brokenAt), "x.csv");

        var records = results.Select(r => r.Record).OfType<ParsedRecord>().ToList();
        var error = Assert.Single(results.Select(r => r.Error).OfType<RecordReadError>());
        Assert.Equal(49, records.Count);
        Assert.Equal(Enumerable.Range(1, 50).Where(i => i != brokenAt).Select(i => $"Title {i}"), records.Select(r => r.Title));
        Assert.Equal(brokenAt + 1, error.Line);
        Assert.Equal(records.Select(r => r.Line), Enumerable.Range(2, 50).Where(l => l != brokenAt + 1));
    }

    [Fact]
    public void A_quote_closed_by_the_next_rows_opening_quote_does_not_make_one_record_of_two()
    {
        var results = TestRecords.Parse(new CsvRecordReader(','), "title,abstract\n\"Open,a\n\"Next\",b\n\"Last\",c\n", "x.csv");
        Assert.Equal(["Next", "Last"], results.Select(r => r.Record).OfType<ParsedRecord>().Select(r => r.Title));
        Assert.Equal(2, Assert.Single(results.Select(r => r.Error).OfType<RecordReadError>()).Line);
    }

    [Fact]
    public void A_csv_whose_quoted_abstracts_hold_RIS_lines_is_read_as_CSV()
    {
        var csv = new StringBuilder("title,abstract\n");
        for (var i = 1; i <= 5; i++) csv.Append($"Title {i},\"Abstract {i}\nTY  - JOUR\nTI  - Forged {i}\nER  - \"\n");
        var head = csv.ToString().Split('\n');

        Assert.Equal(RecordFileFormat.Csv, RecordFormats.Detect(".csv", head));
        var records = TestRecords.Parse(new CsvRecordReader(','), csv.ToString(), "x.csv").Select(r => r.Record).OfType<ParsedRecord>().ToList();
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"Title {i}"), records.Select(r => r.Title));
    }

    [Theory]
    [InlineData(".txt", "TY  - JOUR", RecordFileFormat.Ris)]
    [InlineData(".ris", "title,abstract", RecordFileFormat.Ris)]
    [InlineData(".bib", "TY  - JOUR", RecordFileFormat.Bibtex)]
    [InlineData(".nbib", "TY  - JOUR", RecordFileFormat.Medline)]
    [InlineData(".export", "@article{k,", RecordFileFormat.Bibtex)]
    public void A_named_extension_wins_and_content_decides_only_for_others(string extension, string first, RecordFileFormat expected) =>
        Assert.Equal(expected, RecordFormats.Detect(extension, [first]));

    [Fact]
    public void A_file_that_yields_far_fewer_records_than_its_TY_lines_or_rows_says_so()
    {
        Assert.Contains("if it is RIS, name it .ris", ImportYield.Shortfall(RecordFileFormat.Csv, 1, 0, 30, 5), StringComparison.Ordinal);
        Assert.Contains("5 lines start a RIS record", ImportYield.Shortfall(RecordFileFormat.Ris, 1, 0, 30, 5), StringComparison.Ordinal);
        Assert.Contains("only 3 rows were read from 100 lines", ImportYield.Shortfall(RecordFileFormat.Csv, 3, 0, 100, 0), StringComparison.Ordinal);
        Assert.Null(ImportYield.Shortfall(RecordFileFormat.Csv, 49, 1, 51, 0));
        Assert.Null(ImportYield.Shortfall(RecordFileFormat.Ris, 5, 0, 30, 5));
    }
}
