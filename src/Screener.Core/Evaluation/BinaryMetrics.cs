namespace Screener.Core.Evaluation;

/// <summary>Everything reported for one confusion matrix, each with its 95% interval.</summary>
public sealed record BinaryMetrics(
    ConfusionMatrix Matrix,
    Estimate Sensitivity,
    Estimate Specificity,
    Estimate Precision,
    Estimate Npv,
    Estimate Accuracy,
    Estimate F1,
    Estimate Kappa,
    Estimate Pabak)
{
    /// <summary>Metric names in report order, with how to read each from a result.</summary>
    public static readonly IReadOnlyList<(string Name, Func<BinaryMetrics, Estimate> Read)> Names =
    [
        ("sensitivity", m => m.Sensitivity),
        ("specificity", m => m.Specificity),
        ("precision", m => m.Precision),
        ("npv", m => m.Npv),
        ("accuracy", m => m.Accuracy),
        ("f1", m => m.F1),
        ("kappa", m => m.Kappa),
        ("pabak", m => m.Pabak),
    ];
}

/// <summary>Settings of the bootstrap behind the kappa and F1 intervals.</summary>
public sealed record BootstrapSettings(int Resamples = 1000, int Seed = 20231)
{
    public static readonly BootstrapSettings Default = new();
}

public static class BinaryMetricsCalculator
{
    /// <summary>
    /// Proportions get Wilson intervals; kappa and F1 (not proportions of a fixed denominator) get a seeded bootstrap.
    /// PABAK = 2 accuracy - 1, so its interval is the accuracy's Wilson interval mapped the same way.
    /// </summary>
    public static BinaryMetrics Compute(ConfusionMatrix m, BootstrapSettings? bootstrap = null)
    {
        bootstrap ??= BootstrapSettings.Default;
        var accuracy = Intervals.Wilson(m.Agreements, m.Total);
        var pabak = accuracy.Value is null ? Estimate.Undefined
            : new Estimate(2 * accuracy.Value - 1, 2 * accuracy.Low - 1, 2 * accuracy.High - 1);
        return new BinaryMetrics(m,
            Intervals.Wilson(m.TruePositives, m.ActualPositives),
            Intervals.Wilson(m.TrueNegatives, m.ActualNegatives),
            Intervals.Wilson(m.TruePositives, m.PredictedPositives),
            Intervals.Wilson(m.TrueNegatives, m.PredictedNegatives),
            accuracy,
            Intervals.Bootstrap(m, F1, bootstrap.Resamples, bootstrap.Seed),
            Intervals.Bootstrap(m, AgreementMetrics.CohenKappa, bootstrap.Resamples, bootstrap.Seed),
            pabak);
    }

    /// <summary>F1 = 2TP / (2TP + FP + FN); undefined when there is nothing positive on either side.</summary>
    public static double? F1(ConfusionMatrix m)
    {
        var denominator = 2 * m.TruePositives + m.FalsePositives + m.FalseNegatives;
        return denominator == 0 ? null : 2.0 * m.TruePositives / denominator;
    }
}
