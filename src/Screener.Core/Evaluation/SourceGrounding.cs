using System.Text.RegularExpressions;

namespace Screener.Core.Evaluation;

/// <summary>One extracted value or quote and the source text it claims to come from.</summary>
public sealed record GroundingCheck(string RecordId, string Field, string Value, string Source);

public sealed record GroundingResult(int Checked, int Ungrounded, Estimate HallucinationRate, IReadOnlyList<GroundingCheck> UngroundedValues);

/// <summary>
/// Is a value found in its source? Text must occur as a whole-word run after <see cref="TextNormaliser"/>;
/// a number must occur as a number (12 is not grounded by 120 or 1.2).
/// </summary>
public static partial class SourceGrounding
{
    public static bool IsGrounded(string value, string source)
    {
        var normalisedValue = TextNormaliser.Normalise(value);
        if (normalisedValue.Length == 0) return true;
        // Signs are compared loosely: a minus in the source is as often a hyphen of a range ("10-15") as a sign.
        if (ExtractionMetrics.TryNumber(value, out var number))
            return Numbers().Matches(source).Any(m => ExtractionMetrics.TryNumber(m.Value, out var n) && n == Math.Abs(number));
        return $" {TextNormaliser.Normalise(source)} ".Contains($" {normalisedValue} ", StringComparison.Ordinal);
    }

    /// <summary>The hallucination rate is the share of checked values not found in their source, with a Wilson interval.</summary>
    public static GroundingResult Check(IEnumerable<GroundingCheck> checks)
    {
        var all = checks.ToList();
        var ungrounded = all.Where(c => !IsGrounded(c.Value, c.Source)).ToList();
        return new GroundingResult(all.Count, ungrounded.Count, Intervals.Wilson(ungrounded.Count, all.Count), ungrounded);
    }

    [GeneratedRegex(@"\d[\d,]*(\.\d+)?|\.\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Numbers();
}
