using Screener.Core.Evaluation;

namespace Screener.Core.Tests.Evaluation;

public sealed class IntervalsTests
{
    [Theory]
    // Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (Wilson score without continuity correction).
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_interval_matches_newcombes_published_values(int successes, int trials, double low, double high)
    {
        var e = Intervals.Wilson(successes, trials);

        Assert.Equal((double)successes / trials, e.Value!.Value, 12);
        Assert.Equal(low, e.Low!.Value, 4);
        Assert.Equal(high, e.High!.Value, 4);
    }

    [Fact]
    public void Wilson_of_all_successes_stays_inside_zero_to_one()
    {
        var e = Intervals.Wilson(5, 5);

        Assert.Equal(1, e.Value);
        Assert.Equal(0.5655, e.Low!.Value, 4);
        Assert.Equal(1, e.High);
    }

    [Fact]
    public void Wilson_of_no_trials_is_undefined_not_nan()
    {
        var e = Intervals.Wilson(0, 0);

        Assert.False(e.IsDefined);
        Assert.Equal("n/a", e.Format());
    }

    [Fact]
    public void Bootstrap_with_the_same_seed_gives_the_same_interval_and_brackets_the_estimate()
    {
        var m = new ConfusionMatrix(20, 10, 5, 15);

        var first = Intervals.Bootstrap(m, AgreementMetrics.CohenKappa, 500, 7);
        var second = Intervals.Bootstrap(m, AgreementMetrics.CohenKappa, 500, 7);
        var other = Intervals.Bootstrap(m, AgreementMetrics.CohenKappa, 500, 8);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(0.4, first.Value!.Value, 12);
        Assert.InRange(first.Value.Value, first.Low!.Value, first.High!.Value);
        Assert.True(first.High - first.Low > 0.1, "50 records cannot pin kappa down to a narrow interval");
    }

    [Fact]
    public void Bootstrap_of_an_undefined_statistic_is_undefined()
    {
        var e = Intervals.Bootstrap(default, BinaryMetricsCalculator.F1, 100, 1);

        Assert.False(e.IsDefined);
        Assert.Null(e.Low);
    }

    [Fact]
    public void Percentile_interpolates_between_order_statistics_like_r_type_7()
    {
        double[] sorted = [1, 2, 3, 4];

        Assert.Equal(1.075, Intervals.Percentile(sorted, 0.025), 12);
        Assert.Equal(2.5, Intervals.Percentile(sorted, 0.5), 12);
        Assert.Equal(4, Intervals.Percentile(sorted, 1), 12);
    }
}
