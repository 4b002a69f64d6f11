using System.Globalization;
using Screener.Core.Grounding;

namespace Screener.Core.Evaluation;

public enum FieldMatchMode
{
    /// <summary>Ordinal equality of the two strings.</summary>
    Exact,

    /// <summary>Equal after <see cref="TextNormaliser.Normalise"/> (case, whitespace, hyphens, punctuation, Unicode forms).</summary>
    Normalised,

    /// <summary>Both parse as numbers within the tolerance; otherwise compared as normalised text.</summary>
    Numeric,
}

/// <summary>One extracted field compared with the gold value; a null predicted value is a missing extraction.</summary>
public sealed record FieldComparison(string RecordId, string Field, string? Gold, string? Predicted);

public sealed record FieldAccuracy(string Field, int Records, int Missing, Estimate Exact, Estimate Normalised, Estimate Numeric);

/// <summary>Precision, recall and F1 of predicted spans (or tokens) against gold ones.</summary>
public sealed record OverlapScores(int Gold, int Predicted, int Matched, double? Precision, double? Recall, double? F1);

/// <summary>A labelled span of tokens [Start, End) in one document.</summary>
public sealed record LabelledSpan(string DocumentId, string Label, int Start, int End);

public static class ExtractionMetrics
{
    /// <summary>Per-field accuracy under all three match modes; a missing prediction counts as wrong (it is in the denominator) and is also counted.</summary>
    public static IReadOnlyList<FieldAccuracy> FieldAccuracy(IEnumerable<FieldComparison> comparisons, double numericTolerance) =>
        comparisons.GroupBy(c => c.Field).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var rows = g.ToList();
            int Correct(FieldMatchMode mode) => rows.Count(r => Matches(r.Gold, r.Predicted, mode, numericTolerance));
            return new FieldAccuracy(g.Key, rows.Count, rows.Count(r => r.Predicted is null),
                Intervals.Wilson(Correct(FieldMatchMode.Exact), rows.Count),
                Intervals.Wilson(Correct(FieldMatchMode.Normalised), rows.Count),
                Intervals.Wilson(Correct(FieldMatchMode.Numeric), rows.Count));
        }).ToList();

    /// <summary>Two nulls match (both say "not reported"); a null against a value does not.</summary>
    public static bool Matches(string? gold, string? predicted, FieldMatchMode mode, double numericTolerance = 0)
    {
        if (gold is null || predicted is null) return gold is null && predicted is null;
        return mode switch
        {
            FieldMatchMode.Exact => string.Equals(gold, predicted, StringComparison.Ordinal),
            FieldMatchMode.Numeric when TryNumber(gold, out var g) && TryNumber(predicted, out var p) => Math.Abs(g - p) <= numericTolerance + 1e-12,
            _ => TextNormaliser.Normalise(gold) == TextNormaliser.Normalise(predicted),
        };
    }

    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Exact span match: same document, label, start and end.</summary>
    public static OverlapScores SpanScores(IEnumerable<LabelledSpan> gold, IEnumerable<LabelledSpan> predicted)
    {
        var goldSet = gold.ToHashSet();
        var predictedSet = predicted.ToHashSet();
        return Scores(goldSet.Count, predictedSet.Count, predictedSet.Count(goldSet.Contains));
    }

    /// <summary>Token-level: every (document, label, token) covered by a span, as a set, so overlapping spans count once.</summary>
    public static OverlapScores TokenScores(IEnumerable<LabelledSpan> gold, IEnumerable<LabelledSpan> predicted)
    {
        var goldTokens = Tokens(gold);
        var predictedTokens = Tokens(predicted);
        return Scores(goldTokens.Count, predictedTokens.Count, predictedTokens.Count(goldTokens.Contains));
    }

    private static HashSet<(string, string, int)> Tokens(IEnumerable<LabelledSpan> spans) =>
        spans.SelectMany(s => Enumerable.Range(s.Start, Math.Max(0, s.End - s.Start)).Select(t => (s.DocumentId, s.Label, t))).ToHashSet();

    /// <summary>Precision undefined with no predictions, recall undefined with no gold, F1 undefined when both are empty (0 when one is).</summary>
    public static OverlapScores Scores(int gold, int predicted, int matched)
    {
        double? precision = predicted == 0 ? null : (double)matched / predicted;
        double? recall = gold == 0 ? null : (double)matched / gold;
        double? f1 = gold + predicted == 0 ? null : 2.0 * matched / (gold + predicted);
        return new OverlapScores(gold, predicted, matched, precision, recall, f1);
    }
}
