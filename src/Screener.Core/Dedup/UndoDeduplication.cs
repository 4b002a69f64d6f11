using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Dedup;

/// <summary>Which merges to undo: one link by id, or (null) every merge of the review still in force.</summary>
public sealed record UndoDeduplicationRequest(string ReviewName, long? LinkId);

public sealed record UndoDeduplicationResult(string Review, int MergesUndone, int FieldsRestored, int DuplicatesRemoved);

/// <summary>
/// Reverses logged dedup merges, newest first: the duplicate becomes a record of its own again and the kept
/// record's fields that the merge filled are emptied, as they were before. Each undone pair is remembered as "not
/// the same" (<see cref="PairDecisionOrigin.UndoneMerge"/>), so the next dedup does not merge it again; withdraw that
/// with `dedup --forget ID` to let it come back.
/// </summary>
public static class UndoDeduplication
{
    public static async Task<UndoDeduplicationResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, UndoDeduplicationRequest request, CancellationToken ct)
    {
        var review = await ReviewLookup.FindWritableAsync(db, request.ReviewName, ct);
        var ids = await db.DuplicateLinks.AsNoTracking()
            .Where(l => l.ReviewId == review.Id && l.UndoneAt == null && (request.LinkId == null || l.Id == request.LinkId))
            .Select(l => l.Id).ToListAsync(ct);
        if (request.LinkId is { } wanted && ids.Count == 0)
            throw new ScreenerException($"review '{review.Name}' has no merge {wanted} in force: list merges with `screener dedup --review {review.Name} --list`");
        var (undone, restored) = await UndoLinksAsync(db, time, review.Id, ids, rememberAsNotSame: true, ct);
        var removed = await db.Records.CountAsync(r => r.ReviewId == review.Id && r.DuplicateOfId != null, ct);
        return new UndoDeduplicationResult(review.Name, undone, restored, removed);
    }

    /// <summary>Undoes the given links in force; rememberAsNotSame records each pair as not the same (an undo by a person).</summary>
    internal static async Task<(int Undone, int Restored)> UndoLinksAsync(
        ScreenerDbContext db, TimeProvider time, long reviewId, IReadOnlyCollection<long> linkIds, bool rememberAsNotSame, CancellationToken ct)
    {
        var links = await db.DuplicateLinks.AsNoTracking()
            .Where(l => l.ReviewId == reviewId && l.UndoneAt == null && linkIds.Contains(l.Id))
            .OrderByDescending(l => l.Id).Select(l => new { l.Id, l.KeptRecordId, l.DuplicateRecordId, l.MergedFieldsJson })
            .ToListAsync(ct);

        var restores = links.SelectMany(l => (JsonNode.Parse(l.MergedFieldsJson)?.AsObject() ?? []).Select(f => (f.Key, l.KeptRecordId))).ToList();
        // Inside the caller's transaction when it has one (`dedup --not-duplicate` records its decision in the same one).
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var field in restores.GroupBy(r => r.Key))
        {
            if (!RestoreSql.TryGetValue(field.Key, out var sql))
                throw new InvalidOperationException($"merge log names an unknown field '{field.Key}'");
            await db.Database.ExecuteSqlRawAsync(sql, [new NpgsqlParameter("ids", field.Select(f => f.KeptRecordId).ToArray())], ct);
        }
        await db.Database.ExecuteSqlRawAsync("""UPDATE "Records" SET "DuplicateOfId" = NULL WHERE "Id" = ANY(@ids)""",
            [new NpgsqlParameter("ids", links.Select(l => l.DuplicateRecordId).ToArray())], ct);
        await db.Database.ExecuteSqlRawAsync("""UPDATE "DuplicateLinks" SET "UndoneAt" = @now WHERE "Id" = ANY(@ids)""",
            [new NpgsqlParameter("now", time.GetUtcNow()), new NpgsqlParameter("ids", links.Select(l => l.Id).ToArray())], ct);
        if (rememberAsNotSame)
            foreach (var l in links)
                await PairDecisionLog.RecordAsync(db, time, reviewId, l.KeptRecordId, l.DuplicateRecordId, PairVerdict.NotSame,
                    PairDecisionOrigin.UndoneMerge, ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        return (links.Count, restores.Count);
    }

    /// <summary>One fixed statement per mergeable column: column names never come from the stored JSON.</summary>
    private static readonly Dictionary<string, string> RestoreSql = new[]
        {
            (MergePlanner.Abstract, "NULL"), (MergePlanner.Year, "NULL"), (MergePlanner.Journal, "NULL"), (MergePlanner.Doi, "NULL"),
            (MergePlanner.Pmid, "NULL"), (MergePlanner.Authors, "ARRAY[]::text[]"), (MergePlanner.Keywords, "ARRAY[]::text[]"),
        }
        .ToDictionary(f => f.Item1, f => $"""UPDATE "Records" SET "{f.Item1}" = {f.Item2} WHERE "Id" = ANY(@ids)""", StringComparer.Ordinal);
}
