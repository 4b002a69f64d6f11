using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Screener.Core.Llm;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Core.Jobs;

/// <summary>Which part of a run one invocation works on: one slot, at most N items, failed items retried first.</summary>
public sealed record LlmRunScope(string? Slot = null, int? Limit = null, bool RetryFailed = false);

/// <summary>What one invocation did (its calls, tokens, cost) and where the whole run stands now.</summary>
public sealed record LlmRunReport(long RunId, QueueCounts Counts, LlmUsageTotals Usage, double Seconds, IReadOnlyList<string> FailureSamples)
{
    public int Stored => (int)(Usage.Parsed + Usage.Repaired);
    public int Waiting => Counts.Pending + Counts.Running;
}

/// <summary>
/// The one coordinator of LLM runs, whatever they produce (screening suggestions, extraction drafts): it finds or
/// starts the run, queues its work items, drains them through the work runner (bounded concurrency, leases, batched
/// writes: a crash, Ctrl-C or a second worker never loses or repeats an output), settles the run's status and reports.
/// What a run does with one item is the caller's handler; everything around it lives here once.
/// </summary>
public sealed class LlmRunCoordinator(
    IDbContextFactory<ScreenerDbContext> dbFactory, LlmOptions llm, IOptions<JobOptions> jobOptions, TimeProvider time,
    ILogger<LlmRunCoordinator> logger)
{
    public void EnsureConfigured()
    {
        if (!llm.IsConfigured) throw new ScreenerException(ScreenerServices.NoLlmConfigured);
    }

    /// <summary>
    /// The run with these settings (resumed when it exists, reopened when it was cancelled: starting it again by hand
    /// is the way back), with its items queued once each.
    /// </summary>
    public static async Task<ScreeningRun> StartAsync(ScreenerDbContext db, ScreeningRun wanted, IReadOnlyList<NewWorkItem> items, CancellationToken ct)
    {
        var run = await RunLedger.FindOrCreateAsync(db, wanted, ct);
        if (run.Status == RunStatus.Cancelled)
        {
            run.Status = RunStatus.Running;
            run.FinishedAt = null;
            await db.SaveChangesAsync(ct);
        }
        await WorkQueue.EnqueueAsync(db, run.Id, items, ct);
        return run;
    }

    /// <summary>Works on the run's queue until it is empty, the scope's limit is reached, or the run is cancelled.</summary>
    public async Task<LlmRunReport> DrainAsync(long runId, LlmRunScope scope, LlmRunUsage usage, WorkItemHandler handle, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        if (scope.RetryFailed)
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                await WorkQueue.RetryFailedAsync(db, runId, ct);
        await new WorkRunner(dbFactory, jobOptions.Value, logger).RunAsync(runId, scope.Slot, scope.Limit, llm.MaxConcurrency, handle, ct);

        await using var end = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var counts = await RunLedger.SettleAsync(end, runId, time, CancellationToken.None);
        return new LlmRunReport(runId, counts, usage.Totals, time.GetElapsedTime(started).TotalSeconds, usage.FailureSamples);
    }
}
