using Screener.Core.Dedup;

namespace Screener.Core.Tests.Records;

/// <summary>Issue 21.1: a group is merged only when every pair in it is compatible; each merge names the rule of its own pair.</summary>
public sealed class DedupGroupTests
{
    private const string TitleA = "Aerobic exercise training and depressive symptoms in older adults living in the community: a randomised trial";
    private const string TitleB = "Aerobic exercise training and depressive symptoms in older adults living in the community: a randomised pilot trial";

    private const string AbstractA = "Background depression is common in later life and exercise may help. Methods we randomised 220 community "
        + "dwelling adults aged 65 or more to twelve weeks of supervised aerobic training or usual care. Results depressive symptoms "
        + "fell more in the exercise group. Conclusions aerobic training reduces depressive symptoms in older people at home.";
    private const string AbstractB = "Care home residents rarely take part in trials. We cluster randomised 31 nursing homes to a group walking "
        + "programme or social visits and measured the geriatric depression scale after six months, finding no difference between "
        + "arms; falls were more frequent with walking and staff time was the main cost of the intervention.";

    private static DedupCandidate R(long id, string title, int? year = null, string? author = null, string? doi = null, string? text = null) =>
        new(id, 1, title, author is null ? [] : [author], year, null, doi, null, text is not null, 0, false,
            AbstractShingles: DedupKeys.AbstractShingles(text));

    [Fact]
    public void Four_rows_of_two_papers_stay_two_groups_when_copies_without_fields_have_similar_titles()
    {
        Assert.InRange(TitleSimilarity.Similarity(TitleA, TitleB), 0.85, 0.99);
        var matches = DuplicateFinder.Find([
            R(1, TitleA), R(2, TitleB),
            R(3, TitleA, 2010, "Smith, J", "10.1000/a"), R(4, TitleB, 2015, "Jones, K", "10.1000/b"),
        ]);

        Assert.Equal([(3L, 1L, DuplicateReason.TitleYearAuthor), (4L, 2L, DuplicateReason.TitleYearAuthor)],
            matches.Select(m => (m.KeptId, m.DuplicateId, m.Reason)).Order());
    }

    [Fact]
    public void The_kept_record_never_takes_the_DOI_of_another_paper()
    {
        DedupCandidate[] records = [R(1, TitleA), R(2, TitleB), R(3, TitleA, 2010, "Smith, J"), R(4, TitleB, 2015, "Jones, K", "10.1000/b")];
        var run = DedupPasses.Run(records);
        Assert.DoesNotContain(run.Merges, p => p.Match.KeptId == 3 && p.FilledFields.Contains(MergePlanner.Doi));
    }

    [Fact]
    public void Similar_titles_over_different_abstracts_are_two_papers_and_over_the_same_abstract_one()
    {
        Assert.Empty(DuplicateFinder.Find([R(1, TitleA, text: AbstractA), R(2, TitleB, text: AbstractB)]));
        var truncated = AbstractA[..(AbstractA.Length / 2)].ToUpperInvariant();
        Assert.Equal(DuplicateReason.FuzzyTitle, Assert.Single(DuplicateFinder.Find([R(1, TitleA, text: AbstractA), R(2, TitleB, text: truncated)])).Reason);
    }

    [Fact]
    public void A_copy_without_an_abstract_cannot_chain_two_papers_whose_abstracts_differ()
    {
        var matches = DuplicateFinder.Find([R(1, TitleA, text: AbstractA), R(2, TitleA), R(3, TitleB, text: AbstractB)]);
        Assert.DoesNotContain(matches, m => (m.KeptId, m.DuplicateId) is (1, 3) or (3, 1));
    }

    [Fact]
    public void A_merge_whose_kept_record_does_not_match_it_directly_names_the_member_it_matched()
    {
        // 2 matches 1 by DOI and 3 by title; 1 and 3 share neither DOI nor a title.
        var matches = DuplicateFinder.Find([
            R(1, "Something else entirely in another language", 2001, doi: "10.1/x") with { HasDecisions = true },
            R(2, TitleA, 2001, "Smith, J", "10.1/x"), R(3, TitleA, 2001, "Smith, J"),
        ]);
        var viaMember = Assert.Single(matches, m => m.MatchedWithId is not null);
        Assert.Equal(DuplicateReason.TitleYearAuthor, viaMember.Reason);
        Assert.NotEqual(viaMember.KeptId, viaMember.MatchedWith);
    }

    [Fact]
    public void A_pair_a_person_called_different_is_never_merged_and_one_called_same_always_is()
    {
        DedupCandidate[] records = [R(1, TitleA, 2010, "Smith, J"), R(2, TitleA, 2010, "Smith, J"), R(3, "Unrelated title about something else", 2020)];
        Assert.Empty(DuplicateFinder.Find(records, decisions: new PairDecisions([], [(2, 1)])));
        var m = Assert.Single(DuplicateFinder.Find(records, decisions: new PairDecisions([(1, 3)], [(1, 2)])));
        Assert.Equal((DuplicateReason.Person, 3L), (m.Reason, m.DuplicateId));
    }

    [Fact]
    public void A_second_run_on_the_result_of_the_first_finds_nothing()
    {
        var records = new List<DedupCandidate>();
        for (var i = 0; i < 60; i++)
        {
            var title = $"Common words shared widely by many records of review number {Words(i)}";
            records.Add(R(i * 3 + 1, title));
            records.Add(R(i * 3 + 2, title.ToUpperInvariant(), 2000 + i % 7, "Smith, J"));
            records.Add(R(i * 3 + 3, title.Replace("widely", "widly", StringComparison.Ordinal), 2000 + i % 7, "Smith, J"));
        }
        var first = DedupPasses.Run(records);
        Assert.True(first.Settled);
        var merged = records.ToDictionary(r => r.Id);
        foreach (var p in first.Merges) merged[p.Match.DuplicateId] = merged[p.Match.DuplicateId] with { DuplicateOfId = p.Match.KeptId };
        Assert.Empty(DuplicateFinder.Find(merged.Values.OrderBy(r => r.Id).ToList()));
    }

    private static string Words(int i) => string.Join(' ', Enumerable.Range(0, 3).Select(k => ((char)('a' + (i / (int)Math.Pow(5, k)) % 5)).ToString() + "zzq" + k));
}
