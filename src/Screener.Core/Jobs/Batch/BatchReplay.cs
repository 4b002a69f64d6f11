using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Screener.Core.Llm;
using Screener.Core.Llm.Batch;
using Screener.Core.Persistence;

namespace Screener.Core.Jobs.Batch;

/// <summary>
/// Stores what a finished batch answered: each reply is served to the run's own handler as the first call's
/// response (so it is parsed, grounded, repaired online if it must be, audited with the batch id, and priced at the
/// batch rate), and each item the batch did not answer (error file, missing line, expired) goes back to pending.
/// Safe to repeat: only items still waiting on the batch are touched.
/// </summary>
internal sealed class BatchReplay(
    IDbContextFactory<ScreenerDbContext> dbFactory, LlmOptions llm, BatchApi api, WorkerIdentity worker, int leaseSeconds, ILogger logger)
{
    public async Task<(int Stored, int Missing)> ApplyAsync(BatchSubmission submission, WorkItemHandler handle, CancellationToken ct)
    {
        var replies = await DownloadAsync(submission, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = await db.BatchSubmissionItems.Where(i => i.SubmissionId == submission.Id)
            .Join(db.WorkItems.Where(w => w.Status == WorkItemStatus.Batched), i => i.WorkItemId, w => w.Id, (i, w) => new { w.Id, i.CustomId })
            .ToListAsync(ct);
        var answered = waiting.Where(w => replies.GetValueOrDefault(w.CustomId)?.Body is not null).ToList();
        var missing = waiting.Except(answered).ToList();
        foreach (var group in missing.GroupBy(m => replies.GetValueOrDefault(m.CustomId)?.Error ?? "no reply in the batch"))
        {
            var ids = group.Select(m => m.Id).ToArray();
            var error = $"batch {submission.BatchId} ({submission.BatchStatus}): {group.Key}; sent again by the next --batch";
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "WorkItems" SET "Status" = 'Pending', "LastError" = {error}, "UpdatedAt" = now()
                WHERE "Id" = ANY({ids}) AND "Status" = 'Batched'
                """, CancellationToken.None);
        }
        var claimed = await ClaimAsync(db, answered.Select(a => a.Id).ToArray());
        var customIds = answered.ToDictionary(a => a.Id, a => a.CustomId);
        var recordIds = claimed.Select(c => c.RecordId).Distinct().ToList();
        var records = await db.Records.AsNoTracking().Where(r => recordIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);

        Exception? databaseError = null;
        var outcomes = new OutcomeWriter(dbFactory, worker, llm.MaxConcurrency * 2, logger, e => Interlocked.CompareExchange(ref databaseError, e, null));
        try
        {
            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, llm.MaxConcurrency), CancellationToken = ct },
                async (item, token) =>
                {
                    var outcome = await ReplayAsync(item, records[item.RecordId], submission.BatchId!, replies[customIds[item.Id]], handle, token);
                    await outcomes.AddAsync(item, outcome);
                });
        }
        finally
        {
            await outcomes.CompleteAsync();
            // Whatever was not stored (Ctrl-C, a database error) waits on the batch again; the next run stores it.
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "WorkItems" SET "Status" = 'Batched', "LockedBy" = NULL, "LeaseExpiresAt" = NULL, "UpdatedAt" = now()
                WHERE "Id" = ANY({claimed.Select(c => c.Id).ToArray()}) AND "LockedBy" = {worker.ToString()} AND "Status" = 'Running'
                """, CancellationToken.None);
        }
        if (databaseError is not null) throw new WorkInterruptedException(databaseError);
        return (claimed.Count, missing.Count);
    }

    private static async Task<WorkItemOutcome> ReplayAsync(WorkItem item, Records.Record record, string batchId, BatchReply reply, WorkItemHandler handle,
        CancellationToken ct)
    {
        BatchCall.Replay(batchId, reply.Body!);
        try
        {
            return await handle(item, record, ct);
        }
        finally
        {
            BatchCall.End();
        }
    }

    /// <summary>The output file's replies, and the error file's lines for the requests without one.</summary>
    private async Task<Dictionary<string, BatchReply>> DownloadAsync(BatchSubmission submission, CancellationToken ct)
    {
        var replies = new Dictionary<string, BatchReply>(StringComparer.Ordinal);
        foreach (var fileId in new[] { submission.OutputFileId, submission.ErrorFileId }.OfType<string>())
            foreach (var reply in BatchJsonl.Replies(await api.DownloadAsync(fileId, ct)))
                if (!replies.TryGetValue(reply.CustomId, out var known) || known.Body is null && reply.Body is not null)
                    replies[reply.CustomId] = reply;
        return replies;
    }

    private async Task<List<WorkItem>> ClaimAsync(ScreenerDbContext db, long[] ids)
    {
        var me = worker.ToString();
        return await db.WorkItems.FromSql($"""
            UPDATE "WorkItems" w
            SET "Status" = 'Running', "LockedBy" = {me}, "Attempts" = w."Attempts" + 1,
                "LeaseExpiresAt" = now() + make_interval(secs => {leaseSeconds}), "UpdatedAt" = now()
            WHERE w."Id" = ANY({ids}) AND w."Status" = 'Batched'
            RETURNING w.*
            """).AsNoTracking().ToListAsync(CancellationToken.None);
    }
}
