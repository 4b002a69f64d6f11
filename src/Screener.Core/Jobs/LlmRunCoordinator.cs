using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Screener.Core.Llm;
using Screener.Core.Persistence;

namespace Screener.Core.Jobs;

/// <summary>
/// Which part of a run one invocation works on: one slot, at most N items, failed items retried first, and a cost
/// limit for the whole run (null: Llm:MaxCostPerRun). <paramref name="Batch"/>: through the provider's Batch API.
/// </summary>
public sealed record LlmRunScope(string? Slot = null, int? Limit = null, bool RetryFailed = false, decimal? MaxCost = null, bool Batch = false);

/// <summary>The run's cost limit stopped it: what it had cost (all invocations) against the limit.</summary>
public sealed record BudgetStop(decimal MaxCost, decimal Spent)
{
    /// <summary>Set on the batch route, where the limit is applied before sending (<see cref="Batch.BatchBudget"/>).</summary>
    public BatchBudgetStop? Batch { get; init; }
}

/// <summary>
/// The batch route's stop at the cost limit: the requests sent now and what they would cost at the batch price (on top
/// of <see cref="BudgetStop.Spent"/>), and the items left pending, not sent.
/// </summary>
public sealed record BatchBudgetStop(int Sent, decimal SentCost, int Pending);

/// <summary>What one invocation did (its calls, tokens, cost) and where the whole run stands now.</summary>
public sealed record LlmRunReport(long RunId, QueueCounts Counts, LlmUsageTotals Usage, double Seconds, IReadOnlyList<string> FailureSamples)
{
    public int Stored => (int)(Usage.Parsed + Usage.Repaired);
    public int Waiting => Counts.Pending + Counts.Running + Counts.Batched;

    /// <summary>Set when the run's cost limit stopped this invocation with work left.</summary>
    public BudgetStop? Budget { get; init; }

    /// <summary>Set when this invocation went through the Batch API: what it sent, stored, and what is in flight.</summary>
    public Batch.BatchProgress? Batch { get; init; }
}

/// <summary>
/// The one coordinator of LLM runs, whatever they produce (screening suggestions, extraction drafts): it finds or
/// starts the run, queues its work items, drains them through the work runner (bounded concurrency, leases, batched
/// writes: a crash, Ctrl-C or a second worker never loses or repeats an output), settles the run's status and reports.
/// What a run does with one item is the caller's handler; everything around it lives here once.
/// </summary>
public sealed class LlmRunCoordinator(
    IDbContextFactory<ScreenerDbContext> dbFactory, LlmOptions llm, IOptions<JobOptions> jobOptions, TimeProvider time,
    ILogger<LlmRunCoordinator> logger, Batch.LlmBatchRoute? batches = null)
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

    /// <summary>
    /// Works on the run's queue until it is empty, the scope's limit is reached, the run is cancelled, or the run's cost
    /// (its stored outputs plus this invocation's calls) reaches the cost limit: then no new item is claimed, the calls
    /// in flight finish and are stored, and the items not started stay pending, as after Ctrl-C.
    /// </summary>
    public async Task<LlmRunReport> DrainAsync(long runId, LlmRunScope scope, LlmRunUsage usage, WorkItemHandler handle, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        if (await GoesThroughBatchAsync(runId, scope, ct))
            return await DrainThroughBatchAsync(runId, scope, usage, handle, started, ct);
        var maxCost = MaxCostOf(scope, llm);
        decimal spentBefore;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (scope.RetryFailed) await WorkQueue.RetryFailedAsync(db, runId, ct);
            spentBefore = maxCost is null ? 0m : await RunCostAsync(db, runId, ct);
        }
        Func<bool>? overBudget = maxCost is { } max ? () => spentBefore + usage.Totals.Cost >= max : null;
        await new WorkRunner(dbFactory, jobOptions.Value, logger).RunAsync(runId, scope.Slot, scope.Limit, llm.MaxConcurrency, handle, ct, overBudget);

        await using var end = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var counts = await RunLedger.SettleAsync(end, runId, time, CancellationToken.None);
        var budget = overBudget?.Invoke() == true && counts.Pending + counts.Running > 0
            ? new BudgetStop(maxCost!.Value, spentBefore + usage.Totals.Cost)
            : null;
        return new LlmRunReport(runId, counts, usage.Totals, time.GetElapsedTime(started).TotalSeconds, usage.FailureSamples) { Budget = budget };
    }

    /// <summary>Asked for (--batch), or a batch of the run still open: continuing the run (the web's worker) polls it.</summary>
    private async Task<bool> GoesThroughBatchAsync(long runId, LlmRunScope scope, CancellationToken ct)
    {
        if (scope.Batch) return true;
        if (batches is null) return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Batch.LlmBatchRoute.HasOpenBatchAsync(db, runId, ct);
    }

    private async Task<LlmRunReport> DrainThroughBatchAsync(long runId, LlmRunScope scope, LlmRunUsage usage, WorkItemHandler handle, long started,
        CancellationToken ct)
    {
        if (batches is null) throw new ScreenerException("--batch needs provider openai or azure (their Batch API); none is configured");
        var progress = await batches.RunAsync(runId, scope, handle, ct);
        await using var end = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var counts = await RunLedger.SettleAsync(end, runId, time, CancellationToken.None);
        var budget = progress.Budget is { Batch: { } held } stop && counts.Pending > 0 ? stop with { Batch = held with { Pending = counts.Pending } } : null;
        return new LlmRunReport(runId, counts, usage.Totals, time.GetElapsedTime(started).TotalSeconds, usage.FailureSamples) { Batch = progress, Budget = budget };
    }

    /// <summary>The run's cost limit: --max-cost, else Llm:MaxCostPerRun when set; null: none.</summary>
    internal static decimal? MaxCostOf(LlmRunScope scope, LlmOptions llm) => scope.MaxCost ?? (llm.MaxCostPerRun > 0 ? llm.MaxCostPerRun : null);

    /// <summary>What a run has cost so far, over every invocation and worker: the sum of its stored outputs' audits.</summary>
    public static async Task<decimal> RunCostAsync(ScreenerDbContext db, long runId, CancellationToken ct) =>
        await db.Suggestions.Where(s => s.RunId == runId).SumAsync(s => s.Audit.Cost, ct)
        + await db.ExtractionDrafts.Where(d => d.RunId == runId).SumAsync(d => d.Audit.Cost, ct);
}
