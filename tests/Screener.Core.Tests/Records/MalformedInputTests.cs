using System.Text;
using Screener.Core.Records;
using Screener.Core.Records.Formats;
using Screener.Core.Tests.TestData;

namespace Screener.Core.Tests.Records;

/// <summary>A broken record is reported with its line and reason; the records around it still read.</summary>
public sealed class MalformedInputTests
{
    private static (List<ParsedRecord> Records, List<RecordReadError> Errors) Split(List<RecordReadResult> results) =>
        (results.Select(r => r.Record).OfType<ParsedRecord>().ToList(), results.Select(r => r.Error).OfType<RecordReadError>().ToList());

    [Fact]
    public void RIS_record_without_ER_or_title_is_reported_and_its_neighbours_import()
    {
        var (records, errors) = Split(TestRecords.Parse(new RisReader(), """
            TY  - JOUR
            TI  - First
            ER  -
            TY  - JOUR
            PY  - 2001
            ER  -
            TY  - JOUR
            TI  - Unclosed
            TY  - JOUR
            TI  - Last
            ER  - 
            """, "x.ris"));

        Assert.Equal(["First", "Last"], records.Select(r => r.Title));
        Assert.Equal(["x.ris:4: record 2: the record has no title, abstract, DOI or PMID", "x.ris:7: record 3: no ER line before the next record's TY at line 9"],
            errors.Select(e => e.ToString()));
        Assert.Equal([1, 4], records.Select(r => r.Position));
    }

    [Fact]
    public void CSV_row_with_wrong_field_count_bad_label_or_unclosed_quote_is_reported_with_its_line()
    {
        var (records, errors) = Split(TestRecords.Parse(new CsvRecordReader(','), """
            title,abstract,label_included
            "Quoted, with comma","two
            lines",1
            Too,many,fields,here
            Bad label,x,maybe
            Fine,,0
            "Never closed,x,1
            """, "x.csv"));

        Assert.Equal(["Quoted, with comma", "Fine"], records.Select(r => r.Title));
        Assert.Equal("two\nlines", records[0].Abstract);
        Assert.Equal([false], records.Skip(1).Select(r => r.LabelTitleAbstract!.Value));
        Assert.Equal([4, 5, 7], errors.Select(e => e.Line));
        Assert.Contains("expected 3 fields", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("label_ta 'maybe' is not a label", errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("never closed", errors[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BibTeX_entry_with_unbalanced_braces_is_reported_and_the_next_entry_reads()
    {
        var (records, errors) = Split(TestRecords.Parse(new BibtexReader(), """
            @article{a, title = {Broken {title}, year = 2001,
            @article{b, title = {Whole}, year = 2002}
            @comment{ignored}
            """, "x.bib"));

        Assert.Equal("Whole", Assert.Single(records).Title);
        Assert.Equal(1, Assert.Single(errors).Line);
        Assert.Contains("unbalanced", errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BibTeX_macros_nested_to_double_in_size_at_each_level_are_refused_with_the_line_and_the_next_entry_reads()
    {
        // 30 levels of doubling would be 2^30 copies of "xxxxxxxx" (8 GB as UTF-16): issue 17.13's 1 KB file.
        var bib = new StringBuilder("@string{m0 = \"xxxxxxxx\"}\n");
        for (var level = 1; level <= 30; level++) bib.Append($"@string{{m{level} = m{level - 1} # m{level - 1}}}\n");
        bib.Append("@article{a, title = m30, year = 2001}\n@article{b, title = {Whole}, year = 2002}\n");
        Assert.True(bib.Length < 1100);

        var (records, errors) = Split(TestRecords.Parse(new BibtexReader(), bib.ToString(), "x.bib"));

        Assert.Contains("Whole", records.Select(r => r.Title));
        var first = errors[0].ToString();
        Assert.StartsWith("x.bib:", first, StringComparison.Ordinal);
        Assert.Matches(@"^x\.bib:\d+: record \d+: ", first);
        Assert.Contains("nests macros", first, StringComparison.Ordinal);
        Assert.All(records, r => Assert.True(r.Title.Length <= 100_000));
    }

    [Fact]
    public void BibTeX_macro_concatenated_past_the_value_limit_is_refused()
    {
        var big = new string('y', 60_000);
        var (_, errors) = Split(TestRecords.Parse(new BibtexReader(), $"@string{{a = \"{big}\"}}\n@article{{k, title = a # a # a, year = 2001}}\n", "x.bib"));
        Assert.Contains("longer than 100,000 characters", Assert.Single(errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MEDLINE_record_with_a_stray_line_is_reported_and_the_next_reads()
    {
        var (records, errors) = Split(TestRecords.Parse(new MedlineReader(), "PMID- 1\nTI  - One\nstray text\n\nPMID- 2\nTI  - Two\nFAU - Carr, Alan\nAU  - Doe J\n", "x.nbib"));

        Assert.Equal("Two", Assert.Single(records).Title);
        Assert.Equal(["Carr, Alan"], records[0].Authors);
        Assert.Equal((1, 1), (Assert.Single(errors).Line, errors[0].Position));
    }

    [Fact]
    public void Invalid_UTF8_stops_the_file_with_the_line_named()
    {
        var bytes = Encoding.UTF8.GetBytes("TY  - JOUR\nTI  - ok\nER  -\nTY  - JOUR\nTI  - caf").Concat(new byte[] { 0xE9, 0x0A }).ToArray();

        var e = Assert.Throws<ScreenerException>(() => TestRecords.Parse(new RisReader(), bytes, "latin1.ris"));

        Assert.Equal("latin1.ris:5: the file is not valid utf-8; save it as UTF-8 (or UTF-16) and import again", e.Message);
    }

    [Theory]
    [InlineData("utf-16LE-bom")]
    [InlineData("utf-16BE-bom")]
    [InlineData("utf-16LE")]
    [InlineData("utf-8-bom")]
    public void UTF16_and_BOM_files_read_the_same_text(string encoding)
    {
        const string text = "title,authors\n\"Ménière’s disease – a review\",Łukasz Nowak\n";
        var bytes = encoding switch
        {
            "utf-16LE-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16BE-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "utf-16LE" => Encoding.Unicode.GetBytes(text),
            _ => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(),
        };

        var record = Assert.Single(TestRecords.Parse(new CsvRecordReader(','), bytes)).Record!;

        Assert.Equal("Ménière’s disease – a review", record.Title);
        Assert.Equal(["Łukasz Nowak"], record.Authors);
    }

    [Theory]
    [InlineData(".txt", "PMID- 123", RecordFileFormat.Medline)]
    [InlineData(".txt", "TY  - JOUR", RecordFileFormat.Ris)]
    [InlineData(".bib", "@Article{key,", RecordFileFormat.Bibtex)]
    [InlineData(".dat", "title\tabstract", RecordFileFormat.Tsv)]
    [InlineData(".csv", "Title,Abstract", RecordFileFormat.Csv)]
    [InlineData(".ris", "", RecordFileFormat.Ris)]
    public void Format_is_told_by_content_then_extension(string extension, string firstLine, RecordFileFormat expected) =>
        Assert.Equal(expected, RecordFormats.Detect(extension, [firstLine]));

    [Fact]
    public void CSV_without_a_title_column_fails_the_file_naming_the_header()
    {
        var e = Assert.Throws<ScreenerException>(() => TestRecords.Parse(new CsvRecordReader(','), "name,abstract\nx,y\n", "x.csv"));
        Assert.StartsWith("x.csv:1: no title column", e.Message, StringComparison.Ordinal);
    }
}
