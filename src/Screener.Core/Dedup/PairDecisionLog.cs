using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Dedup;

/// <summary>Writes what was said about a pair of records: the newest word on a pair replaces (withdraws) the one before.</summary>
internal static class PairDecisionLog
{
    public static async Task<DuplicatePairDecision> RecordAsync(ScreenerDbContext db, TimeProvider time, long reviewId, long recordA, long recordB,
        PairVerdict verdict, PairDecisionOrigin origin, CancellationToken ct)
    {
        var (a, b) = recordA < recordB ? (recordA, recordB) : (recordB, recordA);
        var now = time.GetUtcNow();
        await db.DuplicatePairDecisions.Where(d => d.ReviewId == reviewId && d.RecordIdA == a && d.RecordIdB == b && d.WithdrawnAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.WithdrawnAt, now), ct);
        var decision = new DuplicatePairDecision
        {
            ReviewId = reviewId, RecordIdA = a, RecordIdB = b, Verdict = verdict, Origin = origin, CreatedAt = now,
        };
        db.DuplicatePairDecisions.Add(decision);
        await db.SaveChangesAsync(ct);
        return decision;
    }
}
