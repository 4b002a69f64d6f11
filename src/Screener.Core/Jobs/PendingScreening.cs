using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Core.Jobs;

/// <summary>Reviews whose screening runs still have work waiting: what a standing worker should continue.</summary>
public static class PendingScreening
{
    public static Task<List<string>> ReviewNamesAsync(ScreenerDbContext db, CancellationToken ct) =>
        db.Reviews
            .Where(r => db.Runs.Any(run => run.ReviewId == r.Id && run.Stage == RunStage.Screening
                && db.WorkItems.Any(w => w.RunId == run.Id && (w.Status == WorkItemStatus.Pending || w.Status == WorkItemStatus.Running))))
            .OrderBy(r => r.Name).Select(r => r.Name).ToListAsync(ct);
}
