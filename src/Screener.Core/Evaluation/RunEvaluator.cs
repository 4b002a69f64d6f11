using Screener.Core.Screening;

namespace Screener.Core.Evaluation;

/// <summary>One reviewer slot's parsed decision on one record.</summary>
public sealed record SlotVote(string RecordId, string Slot, PredictedLabel Label, double? Confidence, IReadOnlyList<string> Flags);

/// <summary>Pure evaluation of an LLM run's votes against truth labels (the database use case loads, this decides).</summary>
public static class RunEvaluator
{
    public static EvaluationReport Evaluate(long runId, IReadOnlyDictionary<string, bool> truth, IReadOnlyList<SlotVote> suggestions,
        double confidenceThreshold, BootstrapSettings? bootstrap)
    {
        var votes = SeparateRepeats(suggestions);
        var slots = votes.Select(v => v.Slot).Distinct().Order(StringComparer.Ordinal).ToList();
        var byRecord = votes.GroupBy(v => v.RecordId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var majority = truth.Select(t => byRecord.TryGetValue(t.Key, out var v)
            ? new EvaluationItem(t.Key, EvaluateCsvFiles.AllGroup, t.Value, RunAgreementCalculator.Majority(v.Select(x => x.Label)), InclusionScore(v), null)
            : new EvaluationItem(t.Key, EvaluateCsvFiles.AllGroup, t.Value, null)).ToList();
        var sets = new List<ScreeningEvaluation> { ScreeningEvaluator.Evaluate(slots.Count > 1 ? $"run {runId} majority" : $"run {runId}", majority, GroupWeighting.Records, bootstrap) };

        var flags = new List<HallucinationFlag>();
        var runs = new List<(string, IReadOnlyDictionary<string, PredictedLabel>)>();
        foreach (var slot in slots)
        {
            var slotVotes = votes.Where(v => v.Slot == slot).GroupBy(v => v.RecordId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var items = truth.Select(t => slotVotes.TryGetValue(t.Key, out var v)
                ? new EvaluationItem(t.Key, EvaluateCsvFiles.AllGroup, t.Value, v.Label, null, v.Confidence)
                : new EvaluationItem(t.Key, EvaluateCsvFiles.AllGroup, t.Value, null)).ToList();
            if (slots.Count > 1) sets.Add(ScreeningEvaluator.Evaluate($"slot {slot}", items, GroupWeighting.Records, bootstrap));
            flags.AddRange(HallucinationFlagFinder.ConfidentContradictions($"slot {slot}", items, confidenceThreshold));
            runs.Add(($"slot {slot}", slotVotes.ToDictionary(v => v.Key, v => v.Value.Label)));
        }
        var ungrounded = votes.SelectMany(v => HallucinationFlagFinder.Ungrounded(v.RecordId, $"slot {v.Slot}", v.Flags)).ToList();
        var flaggedVotes = votes.Count(v => v.Flags.Any(HallucinationFlagFinder.IsUngrounded));
        var summary = new HallucinationSummary(votes.Count, flaggedVotes, Intervals.Wilson(flaggedVotes, votes.Count),
            flags.Count, confidenceThreshold);
        return new EvaluationReport($"Evaluation of run {runId}", "", sets, runs.Count > 1 ? RunAgreementCalculator.Compute(runs) : null,
            summary, [.. ungrounded, .. flags], []);
    }

    /// <summary>
    /// Repeats of one slot on one record (same slot name, several suggestions, in the order given) become raters
    /// "slot", "slot#2", ...: run-to-run agreement between repeats is exactly what they are there to measure.
    /// </summary>
    public static IReadOnlyList<SlotVote> SeparateRepeats(IReadOnlyList<SlotVote> votes) =>
        votes.GroupBy(v => (v.RecordId, v.Slot))
            .SelectMany(g => g.Select((v, k) => k == 0 ? v : v with { Slot = $"{v.Slot}#{k + 1}" }))
            .ToList();

    /// <summary>The run's inclusion probability of a record from its slots' votes (the one definition, <see cref="InclusionProbability"/>).</summary>
    public static double InclusionScore(IReadOnlyList<SlotVote> votes) =>
        InclusionProbability.FromCounts(votes.Count(v => v.Label == PredictedLabel.Include), votes.Count(v => v.Label == PredictedLabel.Unsure), votes.Count)
        ?? throw new ArgumentException("a record in the run has at least one vote", nameof(votes));
}
