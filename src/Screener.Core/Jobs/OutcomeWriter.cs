using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Screener.Core.Persistence;

namespace Screener.Core.Jobs;

/// <summary>
/// Stores work item outcomes and closes their items in batches: everything that arrived while the previous batch
/// was being written goes in one transaction. Workers go back to the LLM as soon as they hand an outcome over,
/// instead of holding a call slot through four database round trips (10 ms of a 234 ms slot in bench `screen`).
/// An outcome still queued here when the process dies is lost with its item's lease, and the item is redone.
/// </summary>
internal sealed class OutcomeWriter
{
    // Bounds the rows in one INSERT and the answers lost to a crash; a batch is rarely this full.
    private const int MaxBatch = 128;

    private readonly IDbContextFactory<ScreenerDbContext> _dbFactory;
    private readonly WorkerIdentity _worker;
    private readonly ILogger _logger;
    private readonly Action<Exception> _onDatabaseError;
    private readonly Channel<(WorkItem Item, WorkItemOutcome Outcome)> _queue;
    private readonly Task _writing;

    public OutcomeWriter(IDbContextFactory<ScreenerDbContext> dbFactory, WorkerIdentity worker, int capacity, ILogger logger,
        Action<Exception> onDatabaseError)
    {
        _dbFactory = dbFactory;
        _worker = worker;
        _logger = logger;
        _onDatabaseError = onDatabaseError;
        _queue = Channel.CreateBounded<(WorkItem, WorkItemOutcome)>(new BoundedChannelOptions(Math.Max(1, capacity)) { SingleReader = true });
        _writing = Task.Run(WriteAllAsync, CancellationToken.None);
    }

    /// <summary>Waits only while the queue is full (the database is slower than the LLM).</summary>
    public ValueTask AddAsync(WorkItem item, WorkItemOutcome outcome) => _queue.Writer.WriteAsync((item, outcome), CancellationToken.None);

    /// <summary>Writes what is still queued, then returns. Not cancellable: answers already paid for are kept.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _writing;
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<(WorkItem Item, WorkItemOutcome Outcome)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or DbUpdateException)
            {
                // The database went away (restart, failover): these items keep their lease, which runs out, and a
                // rerun redoes them. The runner reports the first such error once the queue is drained.
                _onDatabaseError(e);
                _logger.LogWarning(e, "Could not store {Count} work item outcomes; their items will be redone", batch.Count);
            }
            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<(WorkItem Item, WorkItemOutcome Outcome)> batch)
    {
        await using (var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            var stored = batch.Where(b => b.Outcome.Result is not null).ToList();
            foreach (var (_, outcome) in stored) db.Add(outcome.Result!);
            var failed = batch.Where(b => b.Outcome.Result is null).Select(b => (b.Item.Id, b.Outcome.FailureCause ?? "unknown failure")).ToList();
            if (await WorkQueue.SaveAndCloseAsync(db, stored.Select(b => b.Item.Id).ToArray(), failed, _worker)) return;
        }
        // Another worker stored one of these idempotency keys first (its lease had expired and it redid the item):
        // store one by one, so that only the duplicate is dropped and its item closed.
        foreach (var (item, outcome) in batch)
        {
            await using var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (outcome.Result is { } result) db.Add(result);
            var failure = outcome.Result is null ? new[] { (item.Id, outcome.FailureCause ?? "unknown failure") } : [];
            var done = outcome.Result is null ? Array.Empty<long>() : [item.Id];
            if (!await WorkQueue.SaveAndCloseAsync(db, done, failure, _worker))
            {
                db.ChangeTracker.Clear();
                await WorkQueue.CompleteAsync(db, item.Id, _worker, CancellationToken.None);
            }
        }
    }
}
