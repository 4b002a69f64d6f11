using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Persistence;

namespace Screener.Core.Jobs;

public sealed record NewWorkItem(long RecordId, string Slot, int Repeat, string IdempotencyKey);

public sealed record QueueCounts(int Pending, int Running, int Done, int Failed)
{
    /// <summary>Items sent in a Batch API batch not applied yet: the run is not finished while there are any.</summary>
    public int Batched { get; init; }

    public int Total => Pending + Running + Done + Failed + Batched;
}

/// <summary>
/// Work items in PostgreSQL. Claims use FOR UPDATE SKIP LOCKED, so any number of workers on any number of
/// machines share one run without taking the same item; an expired lease hands a dead worker's item on.
/// </summary>
public static class WorkQueue
{
    /// <summary>Adds items once (unique idempotency key); an item whose suggestion already exists is born done.</summary>
    public static async Task<int> EnqueueAsync(ScreenerDbContext db, long runId, IReadOnlyList<NewWorkItem> items, CancellationToken ct)
    {
        if (items.Count == 0) return 0;
        var records = items.Select(i => i.RecordId).ToArray();
        var slots = items.Select(i => i.Slot).ToArray();
        var repeats = items.Select(i => i.Repeat).ToArray();
        var keys = items.Select(i => i.IdempotencyKey).ToArray();
        return await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "WorkItems" ("RunId", "RecordId", "Slot", "Repeat", "IdempotencyKey", "Status", "Attempts", "CreatedAt", "UpdatedAt")
            SELECT {runId}, t.r, t.s, t.n, t.k,
                   CASE WHEN EXISTS (SELECT 1 FROM "Suggestions" s WHERE s."IdempotencyKey" = t.k)
                          OR EXISTS (SELECT 1 FROM "ExtractionDrafts" d WHERE d."IdempotencyKey" = t.k)
                        THEN 'Done' ELSE 'Pending' END,
                   0, now(), now()
            FROM unnest({records}::bigint[], {slots}::text[], {repeats}::int[], {keys}::text[]) AS t(r, s, n, k)
            ON CONFLICT ("IdempotencyKey") DO NOTHING
            """, ct);
    }

    /// <summary>
    /// Claims up to <paramref name="count"/> pending (or lease-expired) items of a run for this worker, of one slot
    /// when <paramref name="slot"/> names one. A cancelled run gives nothing, so its workers stop at their next claim.
    /// </summary>
    public static async Task<List<WorkItem>> ClaimAsync(
        ScreenerDbContext db, long runId, string? slot, WorkerIdentity worker, int count, int leaseSeconds, CancellationToken ct)
    {
        var me = worker.ToString();
        return await db.WorkItems.FromSql($"""
            UPDATE "WorkItems" w
            SET "Status" = 'Running', "LockedBy" = {me}, "Attempts" = w."Attempts" + 1,
                "LeaseExpiresAt" = now() + make_interval(secs => {leaseSeconds}), "UpdatedAt" = now()
            WHERE w."Id" IN (
                SELECT "Id" FROM "WorkItems"
                WHERE "RunId" = {runId} AND ({slot}::text IS NULL OR "Slot" = {slot})
                  AND ("Status" = 'Pending' OR ("Status" = 'Running' AND "LeaseExpiresAt" < now()))
                  AND NOT EXISTS (SELECT 1 FROM "Runs" r WHERE r."Id" = {runId} AND r."Status" = 'Cancelled')
                ORDER BY "Id"
                LIMIT {count}
                FOR UPDATE SKIP LOCKED)
            RETURNING w.*
            """).AsNoTracking().ToListAsync(ct);
    }

    /// <summary>Keeps this worker's items leased while it is alive.</summary>
    public static Task<int> RenewLeasesAsync(ScreenerDbContext db, WorkerIdentity worker, int leaseSeconds, CancellationToken ct)
    {
        var me = worker.ToString();
        return db.Database.ExecuteSqlAsync($"""
            UPDATE "WorkItems" SET "LeaseExpiresAt" = now() + make_interval(secs => {leaseSeconds})
            WHERE "LockedBy" = {me} AND "Status" = 'Running'
            """, ct);
    }

    /// <summary>Items held by a process on this host that no longer runs go back to pending at once.</summary>
    public static async Task<int> ReclaimFromDeadWorkersAsync(ScreenerDbContext db, long runId, CancellationToken ct)
    {
        var holders = await db.WorkItems.Where(w => w.RunId == runId && w.Status == WorkItemStatus.Running && w.LockedBy != null)
            .Select(w => w.LockedBy!).Distinct().ToListAsync(ct);
        var dead = holders.Where(h => WorkerIdentity.Parse(h) is { } w && WorkerIdentity.IsCertainlyDead(w)).ToArray();
        if (dead.Length == 0) return 0;
        return await db.Database.ExecuteSqlAsync($"""
            UPDATE "WorkItems" SET "Status" = 'Pending', "LockedBy" = NULL, "LeaseExpiresAt" = NULL, "UpdatedAt" = now()
            WHERE "RunId" = {runId} AND "Status" = 'Running' AND "LockedBy" = ANY({dead})
            """, ct);
    }

    /// <summary>Marks an item done; only its current holder may (a worker whose lease was taken over changes nothing).</summary>
    public static Task<int> CompleteAsync(ScreenerDbContext db, long itemId, WorkerIdentity worker, CancellationToken ct)
    {
        var me = worker.ToString();
        return db.Database.ExecuteSqlAsync($"""
            UPDATE "WorkItems" SET "Status" = 'Done', "LastError" = NULL, "LockedBy" = NULL, "LeaseExpiresAt" = NULL, "UpdatedAt" = now()
            WHERE "Id" = {itemId} AND "LockedBy" = {me}
            """, ct);
    }

    /// <summary>
    /// Saves what a batch of items produced (already added to <paramref name="db"/>) and closes the items, done or failed,
    /// in one transaction. False, with nothing written, when another worker saved one of the same idempotency keys first
    /// (its lease had expired); the caller then stores them one by one. Not cancellable half-way: answers already paid
    /// for are kept.
    /// </summary>
    public static async Task<bool> SaveAndCloseAsync(
        ScreenerDbContext db, IReadOnlyList<long> doneIds, IReadOnlyList<(long Id, string Error)> failed, WorkerIdentity worker)
    {
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        // A failed save rolls the whole transaction back, so the savepoint EF would add around it is two wasted round trips.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await tx.RollbackAsync(CancellationToken.None);
            return false;
        }
        await CloseWithoutWaitingForFlushAsync(db, doneIds, failed, worker);
        await tx.CommitAsync(CancellationToken.None);
        return true;
    }

    // What an item produced and its closing commit together, and both can be made again: if the PostgreSQL server
    // itself crashes, the last few hundred milliseconds of such commits are lost as a whole (never one without the
    // other; WAL order) and a rerun redoes those items. Not waiting for the WAL flush of each one was 4% of bench
    // `screen`'s throughput (84.5% -> 88.3% of ideal). Human decisions and everything else keep synchronous commits.
    private static Task<int> CloseWithoutWaitingForFlushAsync(
        ScreenerDbContext db, IReadOnlyList<long> doneIds, IReadOnlyList<(long Id, string Error)> failed, WorkerIdentity worker)
    {
        var me = worker.ToString();
        var ids = doneIds.Concat(failed.Select(f => f.Id)).ToArray();
        var errors = doneIds.Select(_ => (string?)null).Concat(failed.Select(f => (string?)f.Error)).ToArray();
        return db.Database.ExecuteSqlAsync($"""
            SET LOCAL synchronous_commit = off;
            UPDATE "WorkItems" w
            SET "Status" = CASE WHEN t.e IS NULL THEN 'Done' ELSE 'Failed' END, "LastError" = t.e,
                "LockedBy" = NULL, "LeaseExpiresAt" = NULL, "UpdatedAt" = now()
            FROM unnest({ids}::bigint[], {errors}::text[]) AS t(id, e)
            WHERE w."Id" = t.id AND w."LockedBy" = {me}
            """, CancellationToken.None);
    }

    /// <summary>Hands claimed items back untouched (Ctrl-C, shutdown): nothing is lost, a rerun takes them.</summary>
    public static Task<int> ReleaseAsync(ScreenerDbContext db, IReadOnlyCollection<long> itemIds, WorkerIdentity worker, CancellationToken ct)
    {
        var ids = itemIds.ToArray();
        var me = worker.ToString();
        return db.Database.ExecuteSqlAsync($"""
            UPDATE "WorkItems" SET "Status" = 'Pending', "LockedBy" = NULL, "LeaseExpiresAt" = NULL,
                   "Attempts" = GREATEST("Attempts" - 1, 0), "UpdatedAt" = now()
            WHERE "Id" = ANY({ids}) AND "LockedBy" = {me} AND "Status" = 'Running'
            """, ct);
    }

    public static Task<int> RetryFailedAsync(ScreenerDbContext db, long runId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE "WorkItems" SET "Status" = 'Pending', "LastError" = NULL, "UpdatedAt" = now()
            WHERE "RunId" = {runId} AND "Status" = 'Failed'
            """, ct);

    public static async Task<QueueCounts> CountAsync(ScreenerDbContext db, long runId, CancellationToken ct)
    {
        var counts = await db.WorkItems.Where(w => w.RunId == runId).GroupBy(w => w.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        int Get(WorkItemStatus s) => counts.GetValueOrDefault(s);
        return new QueueCounts(Get(WorkItemStatus.Pending), Get(WorkItemStatus.Running), Get(WorkItemStatus.Done), Get(WorkItemStatus.Failed))
        {
            Batched = Get(WorkItemStatus.Batched),
        };
    }
}
