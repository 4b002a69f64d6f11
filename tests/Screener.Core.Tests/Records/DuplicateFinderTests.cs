using Screener.Core.Dedup;
using Screener.Core.Records.Formats;
using Screener.Core.Tests.TestData;

namespace Screener.Core.Tests.Records;

public sealed class DuplicateFinderTests
{
    private static DedupCandidate R(long id, string title, int? year = null, string? author = null, string? doi = null,
        string? pmid = null, bool hasAbstract = false, long source = 1) =>
        new(id, source, title, author is null ? [] : [author], year, null, doi, pmid, hasAbstract, 0, false);

    private static IReadOnlyList<DuplicateMatch> Find(params DedupCandidate[] records) => DuplicateFinder.Find(records);

    private const string Long = "Transdermal fentanyl versus sustained-release oral morphine in cancer pain";

    [Theory]
    [InlineData("https://doi.org/10.1000/ABC.1", "10.1000/abc.1")]
    [InlineData("doi:10.1000/abc.1.", "10.1000/abc.1")]
    [InlineData("http://dx.doi.org/10.1000%2Fabc.1", "10.1000/abc.1")]
    public void DOIs_are_compared_without_resolver_prefix_case_or_trailing_dot(string raw, string normal) =>
        Assert.Equal(normal, DedupKeys.Doi(raw));

    [Fact]
    public void Titles_ignore_HTML_entities_markup_accents_dashes_and_case() =>
        Assert.Equal(DedupKeys.Title("Ménière&#8217;s disease &amp; <i>vertigo</i> \u2013 a review"),
            DedupKeys.Title("MENIERE'S DISEASE & VERTIGO - A REVIEW."));

    [Theory]
    [InlineData("Carr, A S", "carr")]
    [InlineData("A S Carr", "carr")]
    [InlineData("Carr AS", "carr")]
    [InlineData("B de Lignières", "lignieres")]
    public void First_author_surname_is_found_in_each_name_style(string name, string surname) =>
        Assert.Equal(surname, DedupKeys.FirstAuthor([name]));

    [Fact]
    public void Same_DOI_in_different_spellings_is_a_duplicate_and_the_more_complete_record_is_kept()
    {
        var m = Assert.Single(Find(R(1, "A", doi: "10.1/X"), R(2, "A title", doi: "https://doi.org/10.1/x", hasAbstract: true, year: 2001)));
        Assert.Equal((2L, 1L, DuplicateReason.Doi, 1.0), (m.KeptId, m.DuplicateId, m.Reason, m.Score));
    }

    [Fact]
    public void Same_PMID_links_an_original_language_title_to_its_translation() =>
        Assert.Equal(DuplicateReason.Pmid, Assert.Single(Find(R(1, "Lornoxicam bei gynäkologischen Eingriffen", pmid: "12579384"),
            R(2, "[Lornoxicam in gynecological surgery]", pmid: "PMID: 12579384"))).Reason);

    [Fact]
    public void Same_title_year_and_first_author_is_a_duplicate() =>
        Assert.Equal(DuplicateReason.TitleYearAuthor,
            Assert.Single(Find(R(1, Long + ".", 2001, "Ahmedzai, S"), R(2, Long.ToUpperInvariant(), 2001, "S Ahmedzai"))).Reason);

    [Fact]
    public void A_typo_in_the_title_is_found_by_fuzzy_similarity_with_its_score()
    {
        var m = Assert.Single(Find(R(1, Long, 2001), R(2, Long.Replace("morphine", "morphnie", StringComparison.Ordinal), 2002)));
        Assert.Equal(DuplicateReason.FuzzyTitle, m.Reason);
        Assert.InRange(m.Score, 0.85, 0.99);
    }

    [Theory]
    [InlineData(2001, 2004, null, null)]
    [InlineData(2001, 2001, "10.1/a", "10.1/b")]
    [InlineData(2001, 2001, "Smith, J", "Jones, K")]
    public void Different_years_DOIs_or_first_authors_keep_similar_titles_apart(int y1, int y2, string? a, string? b)
    {
        var doi = a?.StartsWith("10.", StringComparison.Ordinal) == true;
        Assert.Empty(Find(R(1, Long, y1, doi ? null : a, doi ? a : null), R(2, Long + " trial", y2, doi ? null : b, doi ? b : null)));
    }

    [Fact]
    public void A_preprint_DOI_does_not_block_the_match_with_the_journal_version() =>
        Assert.Single(Find(R(1, Long, 2020, doi: "10.1101/2020.01.01.123"), R(2, Long.Replace(" in ", " for ", StringComparison.Ordinal), 2021, doi: "10.1016/j.x.2021.1")));

    [Fact]
    public void Titles_that_differ_only_in_a_number_are_different_works() =>
        Assert.Empty(Find(R(1, Long + ": part 1", 2001), R(2, Long + ": part 2", 2001)));

    [Fact]
    public void A_letter_about_a_paper_is_not_the_paper() =>
        Assert.Empty(Find(R(1, "The association between smartphone use and breast cancer risk among Taiwanese women"),
            R(2, "Regarding: “the association between smartphone use and breast cancer risk among taiwanese women” [letter]")));

    [Fact]
    public void Short_generic_titles_match_only_with_equal_year_and_author()
    {
        Assert.Empty(Find(R(1, "Cancer pain."), R(2, "Cancer pain", 1999, "Smith, J")));
        Assert.Single(Find(R(1, "Cancer pain.", 1999, "J Smith"), R(2, "Cancer pain", 1999, "Smith, J")));
    }

    [Fact]
    public void A_group_of_three_keeps_one_record_and_links_the_other_two_to_it()
    {
        var matches = Find(R(1, Long, pmid: "5"), R(2, Long, 2001, "Ahmedzai, S", pmid: "5", hasAbstract: true), R(3, Long, 2001, "Ahmedzai, S"));
        Assert.Equal([(2L, 1L), (2L, 3L)], matches.Select(m => (m.KeptId, m.DuplicateId)));
    }

    [Fact]
    public void A_record_humans_decided_on_is_kept_over_a_more_complete_twin()
    {
        var decided = R(1, Long, 2001, "Ahmedzai, S") with { HasDecisions = true };
        var m = Assert.Single(Find(decided, R(2, Long, 2001, "Ahmedzai, S", doi: "10.1/x", hasAbstract: true)));
        Assert.Equal((1L, 2L), (m.KeptId, m.DuplicateId));
    }

    [Fact]
    public void Planted_duplicate_title_rows_are_found_by_title_and_their_conflicting_labels_are_reported()
    {
        // As in a scoping review exported from two databases: 181 rows repeat an earlier record's title, year and first
        // author without its identifiers, 21 of those groups with the other title/abstract label.
        var data = SyntheticRecords.WithDuplicates(SyntheticRecords.Generate(new("scoping", 2000, 350, 0, Seed: 5340) { DoiShare = 0.4 }),
            copies: 181, conflicting: 21, seed: 7);
        var records = TestRecords.Load(data);
        var candidates = records.Select((r, i) => new DedupCandidate(i + 1, 1, r.Title, r.Authors, r.Year, r.Journal, r.Doi, r.Pmid,
            r.Abstract is not null, 0, false)).ToList();

        var matches = DuplicateFinder.Find(candidates);

        var planted = data.DuplicateGroups.SelectMany(g => g.Copies.Select(c => (g.Original + 1L, c + 1L))).Order().ToList();
        Assert.Equal(181, planted.Count);
        Assert.Equal(planted, matches.Select(m => (m.KeptId, m.DuplicateId)).Order());
        Assert.All(matches, m => Assert.Equal(DuplicateReason.TitleYearAuthor, m.Reason));
        var conflicts = matches.GroupBy(m => m.KeptId).SelectMany(g => LabelConflicts.Find(g.Key,
            g.Select(m => m.DuplicateId).Append(g.Key).Select(id => new GroupMemberLabels(id, records[(int)id - 1].LabelTitleAbstract, null, [])).ToList()));
        Assert.Equal(21, conflicts.Count());
    }

    [Fact]
    public void Two_databases_copies_of_one_review_pair_up_one_to_one()
    {
        // The same 366 works as PubMed and as another database export them: other author style, restyled titles, PMIDs
        // missing from some, DOIs added to others. Row i of one copy is row i of the other.
        var first = SyntheticRecords.Generate(new("pubmed", 366, 80, 80, Seed: 1999) { DoiShare = 0.3 });
        var second = SyntheticRecords.AnotherDatabaseCopy(first, "openalex", "oa_", seed: 3);
        var all = TestRecords.Load(second).Select(r => (r, 1L)).Concat(TestRecords.Load(first).Select(r => (r, 2L))).Select((x, i) => new DedupCandidate(i + 1, x.Item2,
            x.r.Title, x.r.Authors, x.r.Year, x.r.Journal, x.r.Doi, x.r.Pmid, x.r.Abstract is not null, 0, false)).ToList();

        var matches = DuplicateFinder.Find(all);

        var pairs = matches.Select(m => (Math.Min(m.KeptId, m.DuplicateId), Math.Max(m.KeptId, m.DuplicateId))).Order();
        Assert.Equal(Enumerable.Range(1, 366).Select(i => ((long)i, (long)i + 366)), pairs);
    }

    [Fact]
    public void Merge_fills_each_missing_field_once_from_the_first_duplicate_that_has_it()
    {
        DedupCandidate kept = R(1, Long, 2001), a = R(2, Long, 2001, "X, Y", pmid: "9", hasAbstract: true), b = R(3, Long, 2001, "Z, W", doi: "10.1/z");
        var plan = MergePlanner.Plan([new(1, 2, DuplicateReason.TitleYearAuthor, 1), new(1, 3, DuplicateReason.TitleYearAuthor, 1)],
            new[] { kept, a, b }.ToDictionary(c => c.Id));
        Assert.Equal(["Abstract", "Authors", "Pmid"], plan[0].FilledFields.Order());
        Assert.Equal(["Doi"], plan[1].FilledFields);
    }

    [Fact]
    public void Human_decisions_that_differ_between_duplicates_are_reported()
    {
        var conflicts = LabelConflicts.Find(1, [new(1, true, null, ["TitleAbstract:Include"]), new(2, true, null, ["TitleAbstract:Exclude"])]);
        var c = Assert.Single(conflicts);
        Assert.Equal(("human TitleAbstract", 2), (c.Label, c.Values.Count));
    }

    [Fact]
    public void Trigram_similarity_is_one_for_equal_titles_and_symmetric() =>
        Assert.Equal((1.0, TitleSimilarity.Similarity("b a", "a b c")), (TitleSimilarity.Similarity(Long, Long), TitleSimilarity.Similarity("a b c", "b a")));

    [Fact]
    public void FieldText_reads_EndNote_years_and_labelled_PMIDs()
    {
        Assert.Equal(2003, FieldText.Year("2003///"));
        Assert.Equal("123", FieldText.Pmid("PMID: 0123"));
    }
}
