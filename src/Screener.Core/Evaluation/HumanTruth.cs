using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Evaluation;

/// <summary>The human label of each record at one stage: its settled decision (<see cref="SettledDecisions"/>), as the review itself settles it.</summary>
public static class HumanTruth
{
    public static async Task<Dictionary<long, bool>> LoadAsync(
        ScreenerDbContext db, long reviewId, ReviewStage stage, List<string> notes, CancellationToken cancellationToken)
    {
        var outcomes = (await SettledDecisions.OutcomesAsync(db, reviewId, stage, cancellationToken)).ToDictionary(v => v.RecordId, v => v.Outcome);
        var resolved = Resolve(outcomes, out var conflicts, out var awaiting);
        if (conflicts > 0) notes.Add($"truth: {conflicts} record(s) with conflicting human decisions and no adjudication are left out");
        if (awaiting > 0) notes.Add($"truth: {awaiting} record(s) still awaiting the decisions the protocol asks for are left out");
        return resolved;
    }

    /// <summary>
    /// Only settled records give a label. Conflicts (disagreement or "unsure") and records awaiting a reviewer give
    /// none: guessing one would put the guess into the gold standard.
    /// </summary>
    public static Dictionary<long, bool> Resolve(IReadOnlyDictionary<long, RecordOutcome> outcomes, out int conflicts, out int awaiting)
    {
        conflicts = outcomes.Values.Count(o => o.State == RecordState.Conflict);
        awaiting = outcomes.Values.Count(o => o.State == RecordState.Awaiting);
        return outcomes.Where(o => o.Value.State == RecordState.Settled)
            .ToDictionary(o => o.Key, o => o.Value.Decision == ScreeningDecision.Include);
    }
}
