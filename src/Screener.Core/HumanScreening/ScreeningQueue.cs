using Screener.Core.Persistence;
using Screener.Core.Ranking;

namespace Screener.Core.HumanScreening;

/// <summary>
/// The order in which records are offered to reviewers: records with a title/abstract decision in the order they
/// were first decided, then the rest in the queue's order before decisions (<see cref="QueueOrder"/>: the last
/// <see cref="QueueRanking"/> of the read model, <see cref="QueueRankings"/>, which may be older than the last
/// decisions, then any record that ranking has not seen, all of them before the first ranking, by the LLM's
/// inclusion probability).
/// </summary>
public static class ScreeningQueue
{
    /// <summary>Every unique (not merged-away) record of the review, in the review's shared queue order, ranked now (tests and the CLI).</summary>
    public static async Task<IReadOnlyList<QueueEntry>> LoadAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var ranking = await QueueRanking.ComputeAsync(db, reviewId, null, TimeProvider.System, cancellationToken);
        return Of(await ReviewLabels.VisibleDecisionsAsync(db, reviewId, null, cancellationToken), ranking.Queue);
    }

    /// <summary>
    /// The queue as a viewer may see it: <paramref name="visible"/> holds the decisions that place a record among the
    /// decided (for a blinded reviewer only settled records and their own, so no position moves when a co-reviewer
    /// decides); <paramref name="baseQueue"/> every unique record in the order before decisions (<see cref="QueueRankings.BaseQueueAsync"/>).
    /// </summary>
    public static IReadOnlyList<QueueEntry> Of(IEnumerable<ReviewLabels.VisibleDecision> visible, IReadOnlyList<QueueEntry> baseQueue)
    {
        var decided = visible.GroupBy(d => d.RecordId).Select(g => new { RecordId = g.Key, First = g.Min(d => d.DecidedAt) });
        // Records already decided keep their place in the order they were first decided, so "previous" stays the
        // record one just screened; the others follow in the base order (the last ranking may still hold records
        // decided since it was computed: they are in the first part).
        var decidedIds = decided.OrderBy(d => d.First).ThenBy(d => d.RecordId).Select(d => d.RecordId).ToList();
        var isDecided = decidedIds.ToHashSet();
        var decidedEntries = new Dictionary<long, QueueEntry>(isDecided.Count);
        var rest = new List<QueueEntry>(baseQueue.Count);
        foreach (var entry in baseQueue)
            if (isDecided.Contains(entry.RecordId)) decidedEntries[entry.RecordId] = entry;
            else rest.Add(entry);
        return [.. decidedIds.Where(decidedEntries.ContainsKey).Select(id => decidedEntries[id]), .. rest];
    }
}
