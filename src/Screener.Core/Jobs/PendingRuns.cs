using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Jobs;

/// <summary>Runs a standing worker should continue: screening runs (either stage) with work waiting that nobody cancelled.</summary>
public static class PendingRuns
{
    /// <summary>
    /// By run, not by review: a run started under an older protocol version or another model is continued with its
    /// own settings instead of a new run being enqueued beside it on every poll. Extraction runs are continued from
    /// the CLI, which knows their full-text folder.
    /// </summary>
    public static Task<List<long>> ScreeningRunIdsAsync(ScreenerDbContext db, CancellationToken ct) =>
        db.Runs
            .Where(run => (run.Stage == RunStage.Screening || run.Stage == RunStage.FullTextScreening) && run.Status != RunStatus.Cancelled
                && db.WorkItems.Any(w => w.RunId == run.Id && (w.Status == WorkItemStatus.Pending || w.Status == WorkItemStatus.Running || w.Status == WorkItemStatus.Batched)))
            .OrderBy(run => run.Id).Select(run => run.Id).ToListAsync(ct);
}
