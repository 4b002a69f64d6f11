using System.Text;
using Screener.Core.Dedup;
using Screener.Core.Records.Formats;
using Screener.Core.Tests.TestData;

namespace Screener.Core.Tests.Records;

/// <summary>Records written as other tools export them must read back field by field.</summary>
public sealed class ReaderRoundTripTests
{
    // Two shapes of review export: one where every record has a PMID, one (like SYNERGY's) where a quarter lack it.
    private static readonly Dictionary<string, SyntheticDataset> Sets = new()
    {
        ["pubmed-sourced"] = SyntheticRecords.Generate(new("pubmed-sourced", 368, 80, 80, Seed: 2002) { DoiShare = 0.3 }),
        ["openalex-sourced"] = SyntheticRecords.Generate(new("openalex-sourced", 366, 0, 80, Seed: 2021) { PmidShare = 0.75, DoiShare = 0.9, AbstractShare = 0.8 }),
    };

    public static TheoryData<string> Datasets => new(Sets.Keys);

    private static string Collapse(string? s) => string.Join(' ', (s ?? "").Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static void AssertSame(List<ParsedRecord> expected, List<RecordReadResult> results, bool latex = false)
    {
        Assert.All(results, r => Assert.Null(r.Error));
        var actual = results.Select(r => r.Record!).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            if (latex)
            {
                Assert.Equal(DedupKeys.Title(e.Title), DedupKeys.Title(a.Title));
                Assert.Equal(DedupKeys.Title(e.Abstract), DedupKeys.Title(a.Abstract));
            }
            else
            {
                Assert.Equal(Collapse(e.Title), Collapse(a.Title));
                Assert.Equal(Collapse(e.Abstract), Collapse(a.Abstract));
            }
            Assert.Equal(e.Authors.Select(x => DedupKeys.Title(x)), a.Authors.Select(x => DedupKeys.Title(x)));
            Assert.Equal(e.Year, a.Year);
            Assert.Equal(e.Doi, a.Doi);
            Assert.Equal(e.Pmid, a.Pmid);
            Assert.Equal(i + 1, a.Position);
        }
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void EndNote_RIS_with_BOM_and_CRLF_reads_back_every_record(string dataset)
    {
        var records = TestRecords.Load(Sets[dataset]);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ExportFlavours.EndNoteRis(records))).ToArray();
        AssertSame(records, TestRecords.Parse(new RisReader(), bytes));
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Scopus_RIS_with_DOI_URLs_and_PMID_in_C2_reads_back_in_UTF16(string dataset)
    {
        var records = TestRecords.Load(Sets[dataset]);
        var ris = ExportFlavours.ScopusRis(records).Replace("C2  - ", "N1  - PubMed ID: ", StringComparison.Ordinal);
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(ris)).ToArray();
        AssertSame(records, TestRecords.Parse(new RisReader(), bytes));
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Zotero_RIS_with_PubMed_accession_numbers_reads_back(string dataset)
    {
        var records = TestRecords.Load(Sets[dataset]);
        AssertSame(records, TestRecords.Parse(new RisReader(), ExportFlavours.ZoteroRis(records)));
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void PubMed_MEDLINE_with_wrapped_lines_reads_back(string dataset)
    {
        var records = TestRecords.Load(Sets[dataset]).Where(r => r.Pmid is not null).ToList();
        AssertSame(records, TestRecords.Parse(new MedlineReader(), ExportFlavours.Medline(records)));
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void BibTeX_with_LaTeX_accents_and_braces_reads_back(string dataset)
    {
        var records = TestRecords.Load(Sets[dataset]);
        AssertSame(records, TestRecords.Parse(new BibtexReader(), ExportFlavours.Bibtex(records)), latex: true);
    }

    [Fact]
    public void Web_of_Science_RIS_accession_numbers_are_not_taken_for_PMIDs()
    {
        var r = Assert.Single(TestRecords.Parse(new RisReader(), """
            TY  - JOUR
            AU  - Ensom, MHH
            TI  - Premenstrual symptoms in women with
              premenstrual asthma
            T2  - PHARMACOTHERAPY
            DA  - JUN
            PY  - 1999
            DO  - 10.1592/phco.19.6.374.31050
            AN  - WOS:000080623600004
            ER  -
            """)).Record!;
        Assert.Equal(("Premenstrual symptoms in women with premenstrual asthma", "PHARMACOTHERAPY", 1999, null),
            (r.Title, r.Journal, r.Year, r.Pmid));
    }

    [Fact]
    public void BibTeX_accents_become_Unicode_letters()
    {
        var results = TestRecords.Parse(new BibtexReader(), """
            @article{k, title = {Oral micronized progesterone in {\"O}sterreich --- a {\'e}tude}, author = {de Ligni{\`e}res, B. and M{\"u}ller, F},
              journal = jr, year = "1999"}
            """);
        var r = Assert.Single(results).Record!;
        Assert.Equal("Oral micronized progesterone in Österreich \u2014 a étude", r.Title);
        Assert.Equal(["de Lignières, B.", "Müller, F"], r.Authors);
        Assert.Equal(1999, r.Year);
    }

    [Fact]
    public void Our_CSV_columns_read_labels_and_every_field_of_a_review_export()
    {
        var data = Sets["pubmed-sourced"];
        var records = TestRecords.Load(data);

        Assert.Equal(data.Records.Count, records.Count);
        Assert.Equal((80, 80), (records.Count(r => r.LabelTitleAbstract == true), records.Count(r => r.LabelFinal == true)));
        for (var i = 0; i < records.Count; i++)
        {
            var (e, a) = (data.Records[i], records[i]);
            Assert.Equal((e.Id, e.Title, e.Abstract, e.Doi, e.Pmid, e.Year, e.Journal), (a.ExternalId, a.Title, a.Abstract, a.Doi, a.Pmid, a.Year, a.Journal));
            Assert.Equal(e.Authors, a.Authors);
            Assert.Equal((e.LabelTitleAbstract, e.LabelFinal), (a.LabelTitleAbstract, a.LabelFinal));
        }
        // The generator's quirks are really there: quoted fields with line breaks, quotes, commas and non-ASCII letters.
        Assert.Contains(records, r => r.Abstract?.Contains('\n', StringComparison.Ordinal) == true);
        Assert.Contains(records, r => r.Title.Contains('"', StringComparison.Ordinal) || r.Abstract?.Contains('"', StringComparison.Ordinal) == true);
        Assert.Contains(records, r => r.Authors.Any(x => x.Any(c => c > 127)));
    }

    [Fact]
    public void ASReview_style_TSV_columns_are_matched_case_insensitively()
    {
        var tsv = "Title\tAbstract\tAuthors\tPublication_Year\tDOI\tlabel_included\n" +
                  "A trial\tSome text\tSmith, J; Doe, A\t2019\thttps://doi.org/10.1000/ABC\t1\n";
        var r = Assert.Single(TestRecords.Parse(new CsvRecordReader('\t'), tsv)).Record!;
        Assert.Equal(("A trial", "Some text", 2019, "10.1000/ABC", true), (r.Title, r.Abstract, r.Year, r.Doi, r.LabelTitleAbstract));
        Assert.Equal(["Smith, J", "Doe, A"], r.Authors);
    }
}
