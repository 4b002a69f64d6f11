using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Jobs;

public sealed record CancelRunsRequest(string ReviewName, RunStage Stage, long? RunId = null);

public sealed record CancelledRun(long RunId, string Model, int Unfinished);

/// <summary>
/// Cancels a review's unfinished LLM runs of one stage (or one run by id): workers claim nothing more from them
/// (a worker mid-batch finishes the calls it has made, and stores them), the web's standing worker leaves them,
/// and their unfinished items stay pending, so `screener screen` started again by hand resumes the run.
/// </summary>
public static class CancelRuns
{
    public static async Task<IReadOnlyList<CancelledRun>> RunAsync(ScreenerDbContext db, CancelRunsRequest request, TimeProvider time, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, request.ReviewName, ct);
        var runs = await db.Runs
            .Where(r => r.ReviewId == review.Id && r.Stage == request.Stage && (request.RunId == null || r.Id == request.RunId)
                && (r.Status == RunStatus.Pending || r.Status == RunStatus.Running))
            .OrderBy(r => r.Id).ToListAsync(ct);
        if (request.RunId is { } id && runs.Count == 0)
            throw new ScreenerException($"review '{review.Name}' has no unfinished {request.Stage.ToString().ToLowerInvariant()} run {id}");
        var cancelled = new List<CancelledRun>();
        foreach (var run in runs)
        {
            run.Status = RunStatus.Cancelled;
            run.FinishedAt = time.GetUtcNow();
            var unfinished = await db.WorkItems.CountAsync(w => w.RunId == run.Id && (w.Status == WorkItemStatus.Pending || w.Status == WorkItemStatus.Running || w.Status == WorkItemStatus.Batched), ct);
            cancelled.Add(new CancelledRun(run.Id, run.Model, unfinished));
        }
        await db.SaveChangesAsync(ct);
        return cancelled;
    }
}
