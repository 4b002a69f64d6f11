using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Dedup;

public sealed record DecideDuplicatePairRequest(string ReviewName, long RecordA, long RecordB, PairVerdict Verdict);

/// <summary>MergesUndone: merges taken apart because they put a "not the same" pair in one group. Dedup: the run that applied a "same".</summary>
public sealed record DecideDuplicatePairResult(
    string Review, long DecisionId, PairVerdict Verdict, long RecordA, long RecordB, int MergesUndone, DeduplicateRecordsResult? Dedup);

/// <summary>
/// `dedup --merge A B` and `dedup --not-duplicate A B`: a person's word on a pair, remembered and respected by every
/// later dedup run. "Same" merges the pair at once (a dedup run that forces it); "not the same" takes apart the merge
/// that put the two in one group, and no later run puts them together again. The newest word on a pair counts.
/// </summary>
public static class DecideDuplicatePair
{
    public static async Task<DecideDuplicatePairResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, DecideDuplicatePairRequest request, CancellationToken ct)
    {
        var review = await ReviewLookup.FindWritableAsync(db, request.ReviewName, ct);
        if (request.RecordA == request.RecordB) throw new ScreenerException($"give two different records (both were {request.RecordA})");
        var records = await db.Records.AsNoTracking().Where(r => r.ReviewId == review.Id).Select(r => new { r.Id, r.DuplicateOfId })
            .Where(r => r.Id == request.RecordA || r.Id == request.RecordB).ToListAsync(ct);
        var missing = new[] { request.RecordA, request.RecordB }.Except(records.Select(r => r.Id)).ToList();
        if (missing.Count > 0)
            throw new ScreenerException($"review '{review.Name}' has no record {string.Join(" or ", missing)} (record ids are shown by `export` and `dedup --list`)");

        int undone;
        DuplicatePairDecision decision;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            decision = await PairDecisionLog.RecordAsync(db, time, review.Id, request.RecordA, request.RecordB, request.Verdict, PairDecisionOrigin.Person, ct);
            undone = request.Verdict == PairVerdict.NotSame ? await SeparateAsync(db, time, review.Id, request.RecordA, request.RecordB, ct) : 0;
            await transaction.CommitAsync(ct);
        }
        var dedup = request.Verdict == PairVerdict.Same
            ? await DeduplicateRecords.RunAsync(db, time, new DeduplicateRecordsRequest(review.Name), ct)
            : null;
        return new DecideDuplicatePairResult(review.Name, decision.Id, decision.Verdict, decision.RecordIdA, decision.RecordIdB, undone, dedup);
    }

    /// <summary>
    /// When the two records are in one group, undoes the merge of the one that is a duplicate (the higher id when
    /// both are): it leaves the group, and the decision keeps it out. Not remembered as an undo: the person's
    /// "not the same" is the record of it.
    /// </summary>
    private static async Task<int> SeparateAsync(ScreenerDbContext db, TimeProvider time, long reviewId, long a, long b, CancellationToken ct)
    {
        var keptOf = await db.Records.AsNoTracking().Where(r => r.ReviewId == reviewId && r.DuplicateOfId != null)
            .ToDictionaryAsync(r => r.Id, r => r.DuplicateOfId!.Value, ct);
        long Top(long id)
        {
            for (var hops = 0; keptOf.TryGetValue(id, out var k) && hops < keptOf.Count; hops++) id = k;
            return id;
        }
        if (Top(a) != Top(b)) return 0;
        var leaving = keptOf.ContainsKey(Math.Max(a, b)) ? Math.Max(a, b) : Math.Min(a, b);
        var links = await db.DuplicateLinks.Where(l => l.ReviewId == reviewId && l.UndoneAt == null && l.DuplicateRecordId == leaving)
            .Select(l => l.Id).ToListAsync(ct);
        var (count, _) = await UndoDeduplication.UndoLinksAsync(db, time, reviewId, links, rememberAsNotSame: false, ct);
        return count;
    }
}
