namespace Screener.Core.Ranking;

/// <summary>
/// When to consider stopping, three ways:
/// - EstimatedRecall = found / (found + expected includes still unscreened), the expected number being the sum of
///   calibrated probabilities over unscreened records (null when no model gives them). Calibrated on cross-validated
///   scores; it cannot count an include unlike every one labelled so far.
/// - RecordsSinceLastInclude, the common heuristic.
/// - RecallTestP, <see cref="RecallTest"/>: the p-value of "recall is still below 95%", from the labels alone.
///   Below 0.05 (RecallTestPassed) that hypothesis is rejected at 95% confidence.
/// How each behaved when replayed on 34 labelled reviews is in eval/simulation/README.md.
/// </summary>
public sealed record StoppingAid(int Screened, int IncludesFound, double? ExpectedRemainingIncludes, double? EstimatedRecall,
    int RecordsSinceLastInclude, double RecallTestP)
{
    public bool RecallTestPassed => RecallTestP < RecallTest.Alpha;

    /// <summary>
    /// <paramref name="screenedInOrder"/>: each screened record's label in the order screened (null: no usable label yet).
    /// <paramref name="totalRecords"/>: every record to be screened (screened or not).
    /// </summary>
    public static StoppingAid Compute(IReadOnlyList<bool?> screenedInOrder, IEnumerable<double>? unscreenedProbabilities, int totalRecords)
    {
        var found = screenedInOrder.Count(l => l == true);
        var last = -1;
        for (var k = 0; k < screenedInOrder.Count; k++)
            if (screenedInOrder[k] == true) last = k;
        var since = screenedInOrder.Count - (last + 1);
        var p = RecallTest.PValue(screenedInOrder.Where(l => l is not null).Select(l => l!.Value).ToList(), totalRecords);
        if (unscreenedProbabilities is null) return new StoppingAid(screenedInOrder.Count, found, null, null, since, p);
        var expected = unscreenedProbabilities.Sum();
        return new StoppingAid(screenedInOrder.Count, found, expected, EstimateRecall(found, expected), since, p);
    }

    public static double EstimateRecall(int found, double expectedRemaining) =>
        found + expectedRemaining == 0 ? 1.0 : found / (found + expectedRemaining);
}
