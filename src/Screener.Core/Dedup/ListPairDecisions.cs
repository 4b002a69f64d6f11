using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Dedup;

public sealed record PairDecisionSummary(long Id, long RecordIdA, long RecordIdB, PairVerdict Verdict, PairDecisionOrigin Origin, DateTimeOffset CreatedAt);

/// <summary>The pair decisions in force, oldest first: what `dedup --forget ID` can withdraw.</summary>
public static class ListPairDecisions
{
    public static async Task<IReadOnlyList<PairDecisionSummary>> RunAsync(ScreenerDbContext db, string reviewName, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, ct);
        return await db.DuplicatePairDecisions.AsNoTracking().Where(d => d.ReviewId == review.Id && d.WithdrawnAt == null).OrderBy(d => d.Id)
            .Select(d => new PairDecisionSummary(d.Id, d.RecordIdA, d.RecordIdB, d.Verdict, d.Origin, d.CreatedAt)).ToListAsync(ct);
    }
}
