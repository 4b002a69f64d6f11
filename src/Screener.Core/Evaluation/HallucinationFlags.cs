namespace Screener.Core.Evaluation;

public static class FlagKinds
{
    /// <summary>A quote or extracted value that does not occur in the source text.</summary>
    public const string Ungrounded = "ungrounded";

    /// <summary>An LLM decision at or above the confidence threshold that contradicts the human one.</summary>
    public const string ConfidentContradiction = "high-confidence-contradiction";
}

/// <summary>One suggestion a reviewer should look at: where it came from, what is wrong, and the detail (the flag or the two decisions).</summary>
public sealed record HallucinationFlag(string RecordId, string Source, string Kind, string Detail);

public static class HallucinationFlagFinder
{
    /// <summary>Flags whose text marks them as ungrounded (the grounding check writes "ungrounded-quote:E2", "ungrounded-value:n").</summary>
    public static IEnumerable<HallucinationFlag> Ungrounded(string recordId, string source, IEnumerable<string> flags) =>
        flags.Where(IsUngrounded).Select(f => new HallucinationFlag(recordId, source, FlagKinds.Ungrounded, f));

    public static bool IsUngrounded(string flag) => flag.StartsWith(FlagKinds.Ungrounded, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Decisions with confidence at or above <paramref name="threshold"/> that contradict the truth. Unsure is not a
    /// contradiction: the model did not commit.
    /// </summary>
    public static IEnumerable<HallucinationFlag> ConfidentContradictions(string source, IEnumerable<EvaluationItem> items, double threshold) =>
        items.Where(i => i.Confidence >= threshold && i.Prediction is { } p && p != PredictedLabel.Unsure && (p == PredictedLabel.Include) != i.Truth)
            .Select(i => new HallucinationFlag(i.Id, source, FlagKinds.ConfidentContradiction,
                $"llm {Name(i.Prediction)} at confidence {i.Confidence:0.00}, human {(i.Truth ? "include" : "exclude")}"));

    private static string Name(PredictedLabel? label) => label?.ToString().ToLowerInvariant() ?? "missing";
}
