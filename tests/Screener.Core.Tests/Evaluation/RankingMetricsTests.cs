using Screener.Core.Evaluation;

namespace Screener.Core.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    [Fact]
    public void Perfect_ranking_of_2_relevant_in_10_saves_the_textbook_amount()
    {
        // Relevant first: 95% of 2 relevant needs both (ceil(1.9) = 2), reached at rank 2.
        var r = RankingMetrics.Compute([true, true, false, false, false, false, false, false, false, false]);

        Assert.Equal(2, r.RecordsTo95);
        Assert.Equal(2, r.RecordsTo100);
        Assert.Equal(8.0 / 10 - 0.05, r.Wss95, 12);
        Assert.Equal(8.0 / 10, r.Wss100, 12);
        Assert.Equal(0.5, r.Rrf10, 12); // top 10% = 1 record, 1 of 2 relevant
        Assert.Equal(8, r.RecordsSinceLastInclude);
    }

    [Fact]
    public void Worst_ranking_needs_every_record_and_saves_nothing()
    {
        var r = RankingMetrics.Compute([false, false, false, true]);

        Assert.Equal(4, r.RecordsTo100);
        Assert.Equal(0, r.Wss100, 12);
        Assert.Equal(-0.05, r.Wss95, 12); // worse than random sampling at 95% recall
    }

    [Fact]
    public void Twenty_relevant_reach_95_percent_at_the_nineteenth()
    {
        var order = Enumerable.Range(0, 100).Select(i => i % 5 == 0).ToList(); // relevant at 0, 5, ..., 95

        var r = RankingMetrics.Compute(order);

        Assert.Equal(20, r.Relevant);
        Assert.Equal(91, r.RecordsTo95); // the 19th relevant sits at index 90
        Assert.Equal(96, r.RecordsTo985); // ceil(19.7) = 20
        Assert.Equal((100 - 91) / 100.0 - 0.05, r.Wss95, 12);
    }

    [Fact]
    public void No_relevant_records_and_empty_input_give_defined_zeros()
    {
        foreach (var order in new[] { new bool[0], new[] { false, false } })
        {
            var r = RankingMetrics.Compute(order);
            Assert.Equal(0, r.Wss95);
            Assert.Equal(0, r.Rrf10);
            Assert.Null(r.RecordsTo95);
            Assert.All(r.Curve, p => Assert.False(double.IsNaN(p.Recall)));
        }
    }
}
