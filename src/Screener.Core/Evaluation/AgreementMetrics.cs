namespace Screener.Core.Evaluation;

/// <summary>
/// Chance-corrected agreement. Conventions for degenerate input (documented in eval/README.md): no items gives
/// null (undefined); when expected agreement is 1 (every rating in one category) observed agreement is 1 too and
/// kappa is defined as 1, perfect agreement, instead of 0/0.
/// </summary>
public static class AgreementMetrics
{
    /// <summary>Cohen's kappa for a 2x2 table: (po - pe) / (1 - pe).</summary>
    public static double? CohenKappa(ConfusionMatrix m)
    {
        if (m.Total == 0) return null;
        double n = m.Total;
        var observed = m.Agreements / n;
        var expected = (m.ActualPositives * (double)m.PredictedPositives + m.ActualNegatives * (double)m.PredictedNegatives) / (n * n);
        return Kappa(observed, expected);
    }

    /// <summary>Cohen's kappa for two raters over any categories (e.g. include / exclude / unsure).</summary>
    public static double? CohenKappa<T>(IReadOnlyList<(T First, T Second)> ratings) where T : notnull
    {
        if (ratings.Count == 0) return null;
        double n = ratings.Count;
        var observed = ratings.Count(r => EqualityComparer<T>.Default.Equals(r.First, r.Second)) / n;
        var first = ratings.GroupBy(r => r.First).ToDictionary(g => g.Key, g => g.Count());
        var second = ratings.GroupBy(r => r.Second).ToDictionary(g => g.Key, g => g.Count());
        var expected = first.Sum(f => f.Value * (double)second.GetValueOrDefault(f.Key)) / (n * n);
        return Kappa(observed, expected);
    }

    /// <summary>Prevalence- and bias-adjusted kappa (Byrt 1993) for two categories: 2 po - 1.</summary>
    public static double? Pabak(ConfusionMatrix m) => m.Total == 0 ? null : 2.0 * m.Agreements / m.Total - 1;

    public static double? PercentAgreement<T>(IReadOnlyList<(T First, T Second)> ratings) where T : notnull =>
        ratings.Count == 0 ? null : (double)ratings.Count(r => EqualityComparer<T>.Default.Equals(r.First, r.Second)) / ratings.Count;

    /// <summary>
    /// Fleiss' kappa (1971): <paramref name="counts"/>[subject][category] is how many raters put the subject in the
    /// category; every subject needs the same number of raters (at least two).
    /// </summary>
    public static double? FleissKappa(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        if (counts.Count == 0) return null;
        var raters = counts[0].Sum();
        if (raters < 2 || counts.Any(c => c.Sum() != raters))
            throw new ArgumentException("Fleiss' kappa needs the same number (at least two) of raters for every subject", nameof(counts));
        var categories = counts[0].Count;
        double subjects = counts.Count;
        var meanAgreement = counts.Average(c => (c.Sum(x => (double)x * x) - raters) / (raters * (raters - 1.0)));
        var expected = Enumerable.Range(0, categories)
            .Select(j => counts.Sum(c => c[j]) / (subjects * raters))
            .Sum(p => p * p);
        return Kappa(meanAgreement, expected);
    }

    private static double Kappa(double observed, double expected) =>
        expected >= 1 - 1e-12 ? 1 : (observed - expected) / (1 - expected);
}
