using Screener.Core.Ranking;

namespace Screener.Core.Tests.Ranking;

public sealed class RankingLabelStateTests
{
    private static readonly RankingLabelState Ranked = new(Labelled: 40, Suggestions: 100, Records: 200, RecordIdSum: 20_100);

    [Theory]
    [InlineData(40, true)]
    [InlineData(41, true)] // fewer than a batch (5% of 40 = 2) of new labels: the ranking still serves
    [InlineData(42, false)] // a batch: recomputed
    [InlineData(39, false)] // a decision withdrawn
    public void A_ranking_serves_until_a_batch_of_new_labels(int labelledNow, bool serves) =>
        Assert.Equal(serves, Ranked.StillServes(Ranked with { Labelled = labelledNow }));

    [Fact]
    public void New_suggestions_or_a_changed_set_of_records_make_the_ranking_due_at_once()
    {
        Assert.False(Ranked.StillServes(Ranked with { Suggestions = 101 }));
        Assert.False(Ranked.StillServes(Ranked with { Records = 201, RecordIdSum = 20_301 }));
        // A merge undone and another made: as many records, other ids.
        Assert.False(Ranked.StillServes(Ranked with { RecordIdSum = 20_099 }));
    }

    [Fact]
    public void With_few_labels_every_new_label_makes_the_ranking_due() =>
        Assert.False(new RankingLabelState(2, 0, 12, 78).StillServes(new RankingLabelState(3, 0, 12, 78)));
}
