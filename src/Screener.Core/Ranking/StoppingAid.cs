namespace Screener.Core.Ranking;

/// <summary>
/// When to consider stopping. EstimatedRecall = found / (found + expected includes still unscreened), the expected
/// number being the sum of calibrated probabilities over unscreened records (null when no model gives them).
/// The calibration is fitted on the records the model was trained on, which it separates better than unseen ones,
/// so the estimate tends to be optimistic: read it with RecordsSinceLastInclude, never alone.
/// </summary>
public sealed record StoppingAid(int Screened, int IncludesFound, double? ExpectedRemainingIncludes, double? EstimatedRecall, int RecordsSinceLastInclude)
{
    /// <summary><paramref name="screenedInOrder"/>: each screened record's label in the order screened (null: no usable label yet).</summary>
    public static StoppingAid Compute(IReadOnlyList<bool?> screenedInOrder, IEnumerable<double>? unscreenedProbabilities)
    {
        var found = screenedInOrder.Count(l => l == true);
        var last = -1;
        for (var k = 0; k < screenedInOrder.Count; k++)
            if (screenedInOrder[k] == true) last = k;
        var since = screenedInOrder.Count - (last + 1);
        if (unscreenedProbabilities is null) return new StoppingAid(screenedInOrder.Count, found, null, null, since);
        var expected = unscreenedProbabilities.Sum();
        var recall = found + expected == 0 ? 1.0 : found / (found + expected);
        return new StoppingAid(screenedInOrder.Count, found, expected, recall, since);
    }
}
