using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Ranking;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.HumanScreening;

public sealed record NextRecordResult(long? RecordId, int Remaining);

/// <summary>
/// The next record for this reviewer from the ranked queue: one they have not decided, that still needs human
/// decisions (fewer than the protocol asks for) and is not adjudicated; at full text, only records included at
/// title/abstract. Null when nothing is left for them.
/// </summary>
public static class NextRecord
{
    public static Task<NextRecordResult> RunAsync(ScreenerDbContext db, QueueRankings rankings, ReviewActor actor, ReviewStage stage, CancellationToken cancellationToken) =>
        RunAsync(db, rankings, actor, stage, null, cancellationToken);

    /// <param name="read">The page's read of the ranking (<see cref="QueueRankings.ReadAsync"/>), when it has one already.</param>
    public static async Task<NextRecordResult> RunAsync(
        ScreenerDbContext db, QueueRankings rankings, ReviewActor actor, ReviewStage stage, RankingRead? read, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        var required = DecisionRules.RequiredHumans(protocol.Screening.DualHumanReview);
        var counts = await db.HumanDecisions.Where(d => d.ReviewId == actor.ReviewId && d.Stage == stage)
            .GroupBy(d => d.RecordId)
            .Select(g => new { RecordId = g.Key, Count = g.Count(), Mine = g.Any(d => d.ReviewerId == actor.ReviewerId) })
            .ToDictionaryAsync(x => x.RecordId, cancellationToken);
        var adjudicated = (await db.Adjudications.Where(a => a.ReviewId == actor.ReviewId && a.Stage == stage)
            .Select(a => a.RecordId).ToListAsync(cancellationToken)).ToHashSet();
        var queue = await GetScreeningItem.StageQueueAsync(db, rankings, actor, stage, protocol.Screening.DualHumanReview, read, cancellationToken);
        long? first = null;
        var open = 0;
        foreach (var q in queue)
            if (!adjudicated.Contains(q.RecordId) && (!counts.TryGetValue(q.RecordId, out var c) || (!c.Mine && c.Count < required)))
            {
                first ??= q.RecordId;
                open++;
            }
        return new NextRecordResult(first, open);
    }
}
