using Screener.Core.Grounding;

namespace Screener.Core.Evaluation;

/// <summary>One extracted value or quote and the source text it claims to come from.</summary>
public sealed record GroundingCheck(string RecordId, string Field, string Value, string Source);

public sealed record GroundingResult(int Checked, int Ungrounded, Estimate HallucinationRate, IReadOnlyList<GroundingCheck> UngroundedValues);

/// <summary>
/// Is a value found in its source? The product's own grounding rules (<see cref="EvidenceGrounding"/>): text as a
/// whole-word run, a number as a number (12 is not grounded by 120 or 1.2). An empty value claims nothing.
/// </summary>
public static class SourceGrounding
{
    public static bool IsGrounded(string value, string source)
    {
        if (TextNormaliser.Normalise(value).Length == 0) return true;
        return ExtractionMetrics.TryNumber(value, out var number)
            ? EvidenceGrounding.ContainsNumber(source, number)
            : EvidenceGrounding.IsGrounded(value, source);
    }

    /// <summary>The hallucination rate is the share of checked values not found in their source, with a Wilson interval.</summary>
    public static GroundingResult Check(IEnumerable<GroundingCheck> checks)
    {
        var all = checks.ToList();
        var ungrounded = all.Where(c => !IsGrounded(c.Value, c.Source)).ToList();
        return new GroundingResult(all.Count, ungrounded.Count, Intervals.Wilson(ungrounded.Count, all.Count), ungrounded);
    }
}
