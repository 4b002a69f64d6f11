using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Screener.Core.Llm;
using Screener.Core.Llm.Batch;
using Screener.Core.Persistence;
using Screener.Core.Records;

namespace Screener.Core.Jobs.Batch;

/// <summary>
/// What the collector set aside: the new submissions and their items, the items the cost limit held back (pending
/// again), and what the items set aside would cost at the batch price (0 without a cost limit: not priced).
/// </summary>
internal sealed record BatchPreparation(List<long> SubmissionIds, int Items, int HeldBack, decimal Cost);

/// <summary>
/// Claims a run's pending items, runs the run's own handler on each with the wire collecting instead of sending,
/// and sets the collected requests aside as submissions (input files within the API limits), their items marked
/// Batched, in one transaction. An item its handler settles without a call (a prompt over the limit, no text) is
/// stored as the online path stores it.
/// </summary>
internal sealed class BatchCollector(
    IDbContextFactory<ScreenerDbContext> dbFactory, LlmOptions llm, BatchApi api, WorkerIdentity worker, int leaseSeconds, TimeProvider time,
    ILogger logger)
{
    private const int ClaimPage = 1000;

    /// <summary>
    /// The submissions set aside and the items in them; with a <paramref name="budget"/>, only the items whose requests
    /// fit under the run's cost limit (in queue order) are set aside, the rest released to pending (<see cref="BatchBudget"/>).
    /// </summary>
    public async Task<BatchPreparation> PrepareAsync(long runId, LlmRunScope scope, WorkItemHandler handle, BatchBudget? budget, CancellationToken ct)
    {
        var (items, records) = await ClaimAsync(runId, scope, ct);
        if (items.Count == 0) return new BatchPreparation([], 0, 0, 0m);
        var lines = new ConcurrentBag<(BatchLine Line, decimal Cost)>();
        Exception? databaseError = null;
        var outcomes = new OutcomeWriter(dbFactory, worker, llm.MaxConcurrency * 2, logger, e => Interlocked.CompareExchange(ref databaseError, e, null));
        try
        {
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, llm.MaxConcurrency), CancellationToken = ct },
                async (item, token) =>
                {
                    var (line, outcome) = await CollectAsync(item, records[item.RecordId], handle, budget, token);
                    if (line is { } collected) lines.Add(collected);
                    else await outcomes.AddAsync(item, outcome!);
                });
        }
        catch
        {
            await outcomes.CompleteAsync();
            await ReleaseAsync(items.Select(i => i.Id).ToList());
            throw;
        }
        await outcomes.CompleteAsync();
        if (databaseError is not null) throw new WorkInterruptedException(databaseError);
        var ordered = lines.OrderBy(l => l.Line.WorkItemId).ToList();
        var fitting = budget is null ? ordered.Count : BatchBudget.Fitting(ordered.Select(l => l.Cost).ToList(), budget.MaxCost, budget.Spent);
        var heldBack = ordered.Skip(fitting).Select(l => l.Line.WorkItemId).ToList();
        if (heldBack.Count > 0) await ReleaseAsync(heldBack);
        var sent = ordered.Take(fitting).ToList();
        var files = BatchJsonl.Split([.. sent.Select(l => l.Line)], llm.Batch.MaxRequestsPerFile, llm.Batch.MaxFileBytes);
        return new BatchPreparation(await SetAsideAsync(runId, files), sent.Count, heldBack.Count, sent.Sum(l => l.Cost));
    }

    private async Task<(List<WorkItem> Items, Dictionary<long, Record> Records)> ClaimAsync(long runId, LlmRunScope scope, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await WorkQueue.ReclaimFromDeadWorkersAsync(db, runId, ct);
        if (scope.RetryFailed) await WorkQueue.RetryFailedAsync(db, runId, ct);
        var items = new List<WorkItem>();
        while (scope.Limit is not { } limit || items.Count < limit)
        {
            var want = Math.Min(ClaimPage, scope.Limit is { } l ? l - items.Count : int.MaxValue);
            var page = await WorkQueue.ClaimAsync(db, runId, scope.Slot, worker, want, leaseSeconds, CancellationToken.None);
            if (page.Count == 0) break;
            items.AddRange(page);
        }
        var ids = items.Select(i => i.RecordId).Distinct().ToList();
        var records = await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, CancellationToken.None);
        return (items, records);
    }

    private async Task<((BatchLine, decimal)? Line, WorkItemOutcome? Outcome)> CollectAsync(
        WorkItem item, Record record, WorkItemHandler handle, BatchBudget? budget, CancellationToken ct)
    {
        var call = BatchCall.Collect();
        try
        {
            return (null, await handle(item, record, ct));
        }
        catch (BatchRequestCollectedException) when (call.CollectedRequest is { } request)
        {
            return ((BatchJsonl.Line(item.Id, api.ChatUrl, request), budget?.CostOf(request) ?? 0m), null);
        }
        finally
        {
            BatchCall.End();
        }
    }

    /// <summary>The submissions and their item lists stored, and the items taken off the queue, together or not at all.</summary>
    private async Task<List<long>> SetAsideAsync(long runId, List<List<BatchLine>> files)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var now = time.GetUtcNow();
        var submissions = files.Select(lines => new BatchSubmission
        {
            RunId = runId, Provider = llm.Provider.ToString().ToLowerInvariant(), Step = BatchSubmissionStep.Prepared,
            FileName = $"screener-run{runId}-{Guid.NewGuid():N}.jsonl", InputJsonl = BatchJsonl.Join(lines), Requests = lines.Count,
            Bytes = lines.Sum(l => l.Bytes), CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.BatchSubmissions.AddRange(submissions);
        await db.SaveChangesAsync(CancellationToken.None);
        for (var i = 0; i < files.Count; i++)
            db.BatchSubmissionItems.AddRange(files[i].Select(l => new BatchSubmissionItem { SubmissionId = submissions[i].Id, WorkItemId = l.WorkItemId, CustomId = l.CustomId }));
        await db.SaveChangesAsync(CancellationToken.None);
        var ids = files.SelectMany(f => f.Select(l => l.WorkItemId)).ToArray();
        var me = worker.ToString();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "WorkItems" SET "Status" = 'Batched', "LockedBy" = NULL, "LeaseExpiresAt" = NULL, "UpdatedAt" = now()
            WHERE "Id" = ANY({ids}) AND "LockedBy" = {me}
            """, CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return submissions.Select(s => s.Id).ToList();
    }

    private async Task ReleaseAsync(List<long> itemIds)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await WorkQueue.ReleaseAsync(db, itemIds, worker, CancellationToken.None);
    }
}
