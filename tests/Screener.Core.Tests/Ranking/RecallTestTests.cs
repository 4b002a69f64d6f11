using System.Numerics;
using Screener.Core.Ranking;

namespace Screener.Core.Tests.Ranking;

public class RecallTestTests
{
    [Fact]
    public void The_hypergeometric_cdf_equals_counting_every_draw()
    {
        // Exact binomial coefficients for every population up to 40: both summation directions, both edges of the support.
        for (var population = 1; population <= 40; population += 3)
        {
            var logFactorial = RecallTest.LogFactorials(population);
            for (var includes = 0; includes <= population; includes += 2)
                for (var draws = 0; draws <= population; draws += 3)
                {
                    var total = (double)Choose(population, draws);
                    var cumulative = 0.0;
                    for (var k = 0; k <= draws; k++)
                    {
                        cumulative += (double)(Choose(includes, k) * Choose(population - includes, draws - k)) / total;
                        Assert.Equal(Math.Min(1, cumulative), RecallTest.HypergeometricCdf(k, population, includes, draws, logFactorial), 9);
                    }
                }
        }
        Assert.Equal(0, RecallTest.HypergeometricCdf(0, 10, 11, 5, RecallTest.LogFactorials(10)));
    }

    [Fact]
    public void A_long_run_of_excludes_after_the_includes_rejects_low_recall_and_a_fresh_include_does_not()
    {
        // 1,000 records: 20 includes among the first 60 screened (the 60th one of them), then excludes only.
        var start = Enumerable.Range(0, 60).Select(i => i % 3 == 2).ToList();
        List<bool> Then(int excludes) => [.. start, .. Enumerable.Repeat(false, excludes)];

        Assert.Equal(1.0, RecallTest.PValue([], 1000));
        Assert.True(RecallTest.PValue(Then(20), 1000) > 0.5);
        // Below 95% recall means two includes or more among the 940 records unscreened after the first 60. Seeing
        // neither in 300 of them happens with chance (640/940)(639/939) = 0.46; in 800, (140/940)(139/939) = 0.022.
        Assert.Equal(640.0 / 940 * 639 / 939, RecallTest.PValue(Then(300), 1000), 9);
        Assert.Equal(140.0 / 940 * 139 / 939, RecallTest.PValue(Then(800), 1000), 9);
        // The same, but the last record was an include: another may be close by.
        Assert.True(RecallTest.PValue([.. Then(800), true], 1000) > RecallTest.Alpha);
        // Nothing left unscreened: recall is known to be 100%.
        Assert.Equal(0.0, RecallTest.PValue(Enumerable.Range(0, 100).Select(i => i < 5).ToList(), 100));
    }

    [Fact]
    public void In_random_order_the_test_stops_short_of_95_percent_recall_in_about_one_review_in_twenty_at_most()
    {
        // The test's own assumption: records screened in random order. Checked after every record, as the web app
        // shows it, the share of reviews where it first passes with recall below 95% must stay near its 5% (it takes
        // the smallest p over every run of recent records, so this is the check that the choice does not inflate it).
        const int reviews = 300, records = 1000, includes = 40;
        var random = new Random(7);
        var early = 0;
        for (var r = 0; r < reviews; r++)
        {
            var labels = Enumerable.Range(0, records).Select(i => i < includes).ToArray();
            random.Shuffle(labels);
            var seen = new List<bool>();
            foreach (var label in labels)
            {
                seen.Add(label);
                if (RecallTest.PValue(seen, records) >= RecallTest.Alpha) continue;
                if (seen.Count(l => l) < 0.95 * includes) early++;
                break;
            }
        }
        Assert.True(early <= reviews * 0.08, $"{early} of {reviews} stopped below 95% recall");
    }

    private static BigInteger Choose(int n, int k)
    {
        if (k < 0 || k > n) return BigInteger.Zero;
        var result = BigInteger.One;
        for (var i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }
}
