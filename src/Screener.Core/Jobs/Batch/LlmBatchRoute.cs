using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Screener.Core.Llm;
using Screener.Core.Llm.Batch;
using Screener.Core.Persistence;

namespace Screener.Core.Jobs.Batch;

/// <summary>
/// A run's work through the provider's Batch API (OpenAI, Azure OpenAI), with the run's own work item handler: the
/// requests are the ones the online path builds (collected from the wire, <see cref="BatchCall"/>), and every reply
/// goes through the same parser, grounding, repair rule and audit. One invocation either advances the run's open
/// batches (upload, create, poll, store replies) or, when none is open, sends its pending items in new batches.
/// Each step is stored before the next, and a lost answer is looked up by name, so a killed process uploads nothing twice.
/// </summary>
public sealed class LlmBatchRoute(
    IDbContextFactory<ScreenerDbContext> dbFactory, LlmOptions llm, TimeProvider time, ILogger<LlmBatchRoute> logger, BatchApi? api = null)
{
    // Collecting and replaying is local work (rendering, parsing) plus the odd online repair: an hour is never reached,
    // and a process that dies leaves its items to the next run when it ends.
    private const int LeaseSeconds = 3600;

    public static Task<bool> HasOpenBatchAsync(ScreenerDbContext db, long runId, CancellationToken ct) =>
        db.BatchSubmissions.AnyAsync(s => s.RunId == runId && s.Step != BatchSubmissionStep.Applied, ct);

    /// <summary>
    /// Advances the run's batches, or sends its pending items when none is open; while another process does this for
    /// the same run (<see cref="BatchRunLock"/>), does nothing and says who.
    /// </summary>
    public async Task<BatchProgress> RunAsync(long runId, LlmRunScope scope, WorkItemHandler handle, CancellationToken ct)
    {
        if (llm.Provider is not (LlmProvider.OpenAI or LlmProvider.Azure) || api is null)
            throw new ScreenerException($"--batch needs provider openai or azure (their Batch API); provider {llm.Provider.ToString().ToLowerInvariant()} answers online only: run without --batch");
        string connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            connectionString = db.Database.GetConnectionString()!;
        var (held, holder) = await BatchRunLock.TryTakeAsync(connectionString, runId, ct);
        if (held is null)
        {
            logger.LogInformation("Run {Run}'s batches are being advanced by {Holder}; nothing done", runId, holder ?? "another process");
            return BatchProgress.AdvancedElsewhere(runId, holder);
        }
        await using (held)
            return await AdvanceRunAsync(runId, scope, handle, ct);
    }

    private async Task<BatchProgress> AdvanceRunAsync(long runId, LlmRunScope scope, WorkItemHandler handle, CancellationToken ct)
    {
        var worker = WorkerIdentity.New();
        worker.MarkLive();
        try
        {
            List<long> open;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                open = await db.BatchSubmissions.Where(s => s.RunId == runId && s.Step != BatchSubmissionStep.Applied)
                    .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
            var submitted = 0;
            BudgetStop? budgetStop = null;
            if (open.Count == 0)
            {
                BatchBudget? budget;
                await using (var db = await dbFactory.CreateDbContextAsync(ct))
                    budget = await BatchBudget.ForRunAsync(db, runId, LlmRunCoordinator.MaxCostOf(scope, llm), llm, ct);
                // At the limit already: nothing is collected (every prompt rendered) only to be held back.
                var prepared = budget is { Reached: true }
                    ? new BatchPreparation([], 0, 0, 0m)
                    : await new BatchCollector(dbFactory, llm, api!, worker, LeaseSeconds, time, logger).PrepareAsync(runId, scope, handle, budget, ct);
                (open, submitted) = (prepared.SubmissionIds, prepared.Items);
                if (budget is not null && (budget.Reached || prepared.HeldBack > 0))
                    budgetStop = new BudgetStop(budget.MaxCost, budget.Spent) { Batch = new BatchBudgetStop(prepared.Items, prepared.Cost, prepared.HeldBack) };
            }
            var states = new List<BatchState>();
            int stored = 0, missing = 0;
            foreach (var id in open)
            {
                var (state, answered, unanswered) = await AdvanceAsync(id, handle, worker, ct);
                states.Add(state);
                stored += answered;
                missing += unanswered;
            }
            return new BatchProgress(runId, submitted, stored, missing, states) { Budget = budgetStop };
        }
        finally
        {
            worker.MarkEnded();
        }
    }

    /// <summary>Takes a submission as far as it goes now: upload, create, then (a later run) poll and store its replies.</summary>
    private async Task<(BatchState State, int Stored, int Missing)> AdvanceAsync(long submissionId, WorkItemHandler handle, WorkerIdentity worker,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.BatchSubmissions.SingleAsync(x => x.Id == submissionId, ct);
        int stored = 0, missing = 0;
        var justCreated = false;
        if (s.Step == BatchSubmissionStep.Prepared)
        {
            s.InputFileId = await api!.FindFileAsync(s.FileName, ct) ?? await api.UploadAsync(s.FileName, s.InputJsonl!, ct);
            await SaveStepAsync(db, s, BatchSubmissionStep.Uploaded, ct);
        }
        if (s.Step == BatchSubmissionStep.Uploaded)
        {
            var batch = await api!.FindBatchAsync(s.InputFileId!, ct) ?? await api.CreateAsync(s.InputFileId!, $"screener run {s.RunId}", ct);
            s.BatchId = batch.Id;
            s.BatchStatus = batch.Status;
            s.InputJsonl = null;
            await SaveStepAsync(db, s, BatchSubmissionStep.Submitted, ct);
            justCreated = true;
            logger.LogInformation("Batch {Batch} created for run {Run}: {Requests} request(s)", s.BatchId, s.RunId, s.Requests);
        }
        if (s.Step == BatchSubmissionStep.Submitted && !justCreated)
        {
            var batch = await api!.RetrieveAsync(s.BatchId!, ct);
            s.BatchStatus = batch.Status;
            s.OutputFileId = batch.OutputFileId;
            s.ErrorFileId = batch.ErrorFileId;
            s.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            if (batch.IsFinished)
            {
                var replay = new BatchReplay(dbFactory, llm, api, worker, LeaseSeconds, logger);
                (stored, missing) = await replay.ApplyAsync(s, handle, ct);
                s.Answered += stored;
                s.Missing += missing;
                s.AppliedAt = time.GetUtcNow();
                await SaveStepAsync(db, s, BatchSubmissionStep.Applied, ct);
            }
        }
        return (new BatchState(s.Id, s.BatchId, s.Step, s.BatchStatus, s.Requests, s.Answered, s.Missing), stored, missing);
    }

    private async Task SaveStepAsync(ScreenerDbContext db, BatchSubmission s, BatchSubmissionStep step, CancellationToken ct)
    {
        s.Step = step;
        s.UpdatedAt = time.GetUtcNow();
        // Not cancellable: what the provider now holds (a file, a batch) must be on record before anything else happens.
        await db.SaveChangesAsync(CancellationToken.None);
        ct.ThrowIfCancellationRequested();
    }
}
