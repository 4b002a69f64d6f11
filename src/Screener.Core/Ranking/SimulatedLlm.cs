namespace Screener.Core.Ranking;

/// <summary>
/// A stand-in for an LLM screener when only human labels exist: it says 0.85 for an include and 0.15 for an
/// exclude, and a seeded share <c>flipRate</c> of records get the opposite value (errors in both directions).
/// Used to measure what the LLM feature adds; never used for a real review.
/// </summary>
public static class SimulatedLlm
{
    public const double Confident = 0.85;

    public static double[] Probabilities(IReadOnlyList<bool> labels, double flipRate, int seed)
    {
        if (flipRate is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(flipRate), "the flip rate is a share between 0 and 1");
        // Its own generator (seed offset) so adding the LLM feature does not change which prior records are drawn.
        var random = new Random(unchecked(seed * 7919 + 17));
        var p = new double[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            var says = random.NextDouble() < flipRate ? !labels[i] : labels[i];
            p[i] = says ? Confident : 1 - Confident;
        }
        return p;
    }
}
