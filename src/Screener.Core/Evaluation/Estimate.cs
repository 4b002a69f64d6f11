using System.Globalization;

namespace Screener.Core.Evaluation;

/// <summary>
/// A metric's point value with its 95% interval. A null value means the metric is undefined for the data
/// (e.g. sensitivity with no true positives to find) and is reported as "n/a", never as NaN or zero.
/// </summary>
public sealed record Estimate(double? Value, double? Low, double? High)
{
    public static readonly Estimate Undefined = new(null, null, null);

    public bool IsDefined => Value is not null;

    public string Format(string number = "0.000") =>
        Value is not { } v ? "n/a"
        : Low is { } lo && High is { } hi
            ? string.Create(CultureInfo.InvariantCulture, $"{v.ToString(number, CultureInfo.InvariantCulture)} [{lo.ToString(number, CultureInfo.InvariantCulture)}, {hi.ToString(number, CultureInfo.InvariantCulture)}]")
            : v.ToString(number, CultureInfo.InvariantCulture);
}

/// <summary>Interval estimators: Wilson score intervals for proportions, a seeded percentile bootstrap for the rest.</summary>
public static class Intervals
{
    /// <summary>The 97.5th percentile of the standard normal distribution.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Wilson score interval (Newcombe 1998, method 3): stays inside [0, 1] and behaves at 0/n and n/n, where the
    /// Wald interval collapses. A proportion of nothing (0 trials) is undefined.
    /// </summary>
    public static Estimate Wilson(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0) return Estimate.Undefined;
        var p = (double)successes / trials;
        var z2 = z * z;
        var denominator = 1 + z2 / trials;
        var centre = (p + z2 / (2.0 * trials)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return new Estimate(p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// Percentile bootstrap over the records behind a confusion matrix: resampling records with replacement is
    /// resampling the four cells multinomially, which is what this does. The seed makes reports reproducible.
    /// Resamples where the statistic is undefined are skipped; if all are, the interval is undefined.
    /// </summary>
    public static Estimate Bootstrap(ConfusionMatrix matrix, Func<ConfusionMatrix, double?> statistic, int resamples, int seed)
    {
        var value = statistic(matrix);
        if (value is null || matrix.Total == 0 || resamples <= 0) return new Estimate(value, null, null);
        var random = new Random(seed);
        var n = matrix.Total;
        double[] cumulative =
        [
            (double)matrix.TruePositives / n,
            (double)(matrix.TruePositives + matrix.FalsePositives) / n,
            (double)(matrix.TruePositives + matrix.FalsePositives + matrix.FalseNegatives) / n,
        ];
        var samples = new List<double>(resamples);
        for (var b = 0; b < resamples; b++)
            if (statistic(Resample(random, n, cumulative)) is { } s) samples.Add(s);
        if (samples.Count == 0) return new Estimate(value, null, null);
        samples.Sort();
        return new Estimate(value, Percentile(samples, 0.025), Percentile(samples, 0.975));
    }

    private static ConfusionMatrix Resample(Random random, int n, double[] cumulative)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble();
            if (u < cumulative[0]) tp++;
            else if (u < cumulative[1]) fp++;
            else if (u < cumulative[2]) fn++;
            else tn++;
        }
        return new ConfusionMatrix(tp, fp, fn, tn);
    }

    /// <summary>Linear interpolation between order statistics (R's type 7, the common default).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
