using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Dedup;

public sealed record WithdrawPairDecisionResult(string Review, long DecisionId, PairVerdict Verdict, long RecordIdA, long RecordIdB);

/// <summary>
/// `dedup --forget ID`: withdraws a pair decision (a person's, or an undone merge's), so later dedup runs decide the
/// pair by the rules again. Nothing is merged or taken apart now: the next `dedup` run does that.
/// </summary>
public static class WithdrawPairDecision
{
    public static async Task<WithdrawPairDecisionResult> RunAsync(ScreenerDbContext db, TimeProvider time, string reviewName, long decisionId,
        CancellationToken ct)
    {
        var review = await ReviewLookup.FindWritableAsync(db, reviewName, ct);
        var decision = await db.DuplicatePairDecisions.FirstOrDefaultAsync(d => d.ReviewId == review.Id && d.Id == decisionId && d.WithdrawnAt == null, ct)
            ?? throw new ScreenerException($"review '{review.Name}' has no pair decision {decisionId} in force: list them with `screener dedup --review {review.Name} --decisions`");
        decision.WithdrawnAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new WithdrawPairDecisionResult(review.Name, decision.Id, decision.Verdict, decision.RecordIdA, decision.RecordIdB);
    }
}
