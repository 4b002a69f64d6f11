using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Screener.Core.Persistence;
using Screener.Core.Records;

namespace Screener.Core.Jobs;

/// <summary>What a worker makes of one claimed item; the runner stores the outcome and closes the item.</summary>
public delegate Task<WorkItemOutcome> WorkItemHandler(WorkItem item, Record record, CancellationToken ct);

/// <summary>
/// Drains a run's work queue with bounded concurrency: one producer claims items (SKIP LOCKED) into a channel,
/// N consumers handle them, one writer stores their outcomes in batches (<see cref="OutcomeWriter"/>), a heartbeat
/// keeps their leases, and on cancellation every claimed but unhandled item is handed back (outcomes already made
/// are still stored), so a rerun continues exactly where this one stopped.
/// </summary>
public sealed class WorkRunner(IDbContextFactory<ScreenerDbContext> dbFactory, JobOptions options, ILogger logger)
{
    public WorkerIdentity Worker { get; } = WorkerIdentity.New();

    /// <param name="stopClaiming">
    /// Checked before each claim and before each claimed item is started (the run's cost limit): once true, nothing
    /// more is claimed or started, items already claimed go back to pending, and calls in flight finish.
    /// </param>
    public async Task RunAsync(long runId, string? slot, int? limit, int concurrency, WorkItemHandler handle, CancellationToken ct,
        Func<bool>? stopClaiming = null)
    {
        Worker.MarkLive();
        try
        {
            await DrainAsync(runId, slot, limit, concurrency, handle, stopClaiming ?? (() => false), ct);
        }
        finally
        {
            Worker.MarkEnded();
        }
    }

    private async Task DrainAsync(long runId, string? slot, int? limit, int concurrency, WorkItemHandler handle, Func<bool> stopClaiming,
        CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await WorkQueue.ReclaimFromDeadWorkersAsync(db, runId, ct);
        Exception? firstError = null;
        var period = TimeSpan.FromSeconds(options.LeaseSeconds / 3.0);
        using var heartbeat = new Timer(_ => _ = RenewLeasesAsync(), null, period, period);

        concurrency = Math.Max(1, concurrency);
        var outcomes = new OutcomeWriter(dbFactory, Worker, concurrency * 2, logger, e => Interlocked.CompareExchange(ref firstError, e, null));
        var channel = Channel.CreateBounded<(WorkItem Item, Record Record)>(concurrency * 2);
        var producer = Task.Run(async () =>
        {
            try
            {
                await ProduceAsync(runId, slot, limit, concurrency, channel.Writer,
                () => Volatile.Read(ref firstError) is not null || stopClaiming(), ct);
            }
            catch (Exception e) { Interlocked.CompareExchange(ref firstError, e, null); }
        }, CancellationToken.None);
        var consumers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var (item, record) in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (ct.IsCancellationRequested || stopClaiming()) { await TryReleaseAsync(item); continue; }
                try
                {
                    var outcome = await handle(item, record, ct);
                    await outcomes.AddAsync(item, outcome);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await TryReleaseAsync(item);
                }
                catch (Exception e)
                {
                    // The database went away mid-item (restart, failover): hand the item back and go on; a rerun
                    // redoes it. The first such error is reported once the queue is drained.
                    Interlocked.CompareExchange(ref firstError, e, null);
                    logger.LogWarning(e, "Work item {Item} failed outside the LLM call; it is handed back", item.Id);
                    await TryReleaseAsync(item);
                }
            }
        }, CancellationToken.None)).ToList();
        await producer;
        await Task.WhenAll(consumers);
        await outcomes.CompleteAsync();
        ct.ThrowIfCancellationRequested();
        if (firstError is not null) throw new WorkInterruptedException(firstError);
    }

    private async Task ProduceAsync(long runId, string? slot, int? limit, int concurrency, ChannelWriter<(WorkItem, Record)> writer,
        Func<bool> stop, CancellationToken ct)
    {
        try
        {
            var claimed = 0;
            while (!ct.IsCancellationRequested && (limit is null || claimed < limit) && !stop())
            {
                var want = Math.Min(concurrency, limit is null ? int.MaxValue : limit.Value - claimed);
                // Neither query is cancelled half-way: a claim the server committed but the client gave up on would
                // leave its items running under a live worker until the lease ends. Ctrl-C is seen at the loop's top,
                // and the consumers hand back whatever is in the channel.
                await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
                var items = await WorkQueue.ClaimAsync(db, runId, slot, Worker, want, options.LeaseSeconds, CancellationToken.None);
                if (items.Count == 0) break;
                claimed += items.Count;
                var ids = items.Select(i => i.RecordId).ToList();
                var records = await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, CancellationToken.None);
                foreach (var item in items) await writer.WriteAsync((item, records[item.RecordId]), CancellationToken.None);
            }
        }
        finally
        {
            writer.Complete();
        }
    }

    /// <summary>Best effort: if the database is unreachable the lease simply runs out and any worker takes the item.</summary>
    private async Task TryReleaseAsync(WorkItem item)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await WorkQueue.ReleaseAsync(db, [item.Id], Worker, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(e, "Could not hand back work item {Item}; its lease will expire", item.Id);
        }
    }

    private async Task RenewLeasesAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await WorkQueue.RenewLeasesAsync(db, Worker, options.LeaseSeconds, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A missed heartbeat only risks another worker redoing an item; the unique key still prevents a duplicate.
            logger.LogWarning(e, "Lease renewal failed for worker {Worker}", Worker);
        }
    }
}
