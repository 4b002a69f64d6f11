using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Prisma;
using Screener.Core.Reviews;

namespace Screener.Core.Overview;

public sealed record RunProgress(long RunId, string Stage, string Status, string Model, int Total, int Done, int Failed, int Pending);

public sealed record ReviewStatus(
    long ReviewId,
    string Name,
    string? ProtocolHash,
    int ProtocolVersions,
    PrismaCounts Prisma,
    int Suggestions,
    int HumanDecisions,
    IReadOnlyList<RunProgress> Runs);

/// <summary>Where a review stands: its protocol, PRISMA counts so far and the progress of its LLM runs.</summary>
public static class GetReviewStatus
{
    public static async Task<ReviewStatus> RunAsync(ScreenerDbContext db, string reviewName, CancellationToken cancellationToken)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, cancellationToken);
        var versions = await db.ProtocolVersions.CountAsync(p => p.ReviewId == review.Id, cancellationToken);
        var prisma = await PrismaCountsQuery.RunAsync(db, review.Id, cancellationToken);
        var suggestions = await db.Suggestions.CountAsync(
            s => db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == review.Id), cancellationToken);
        var decisions = await db.HumanDecisions.CountAsync(d => d.ReviewId == review.Id, cancellationToken);

        var runs = await db.Runs.Where(r => r.ReviewId == review.Id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var counts = await db.WorkItems.Where(w => db.Runs.Any(r => r.Id == w.RunId && r.ReviewId == review.Id))
            .GroupBy(w => new { w.RunId, w.Status })
            .Select(g => new { g.Key.RunId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(long runId, params WorkItemStatus[] statuses) =>
            counts.Where(c => c.RunId == runId && statuses.Contains(c.Status)).Sum(c => c.Count);
        var progress = runs.Select(r => new RunProgress(r.Id, r.Stage.ToString(), r.Status.ToString(), r.Model,
            Count(r.Id, Enum.GetValues<WorkItemStatus>()), Count(r.Id, WorkItemStatus.Done), Count(r.Id, WorkItemStatus.Failed),
            Count(r.Id, WorkItemStatus.Pending, WorkItemStatus.Running, WorkItemStatus.Batched))).ToList();

        return new ReviewStatus(review.Id, review.Name, review.CurrentProtocolVersion?.Hash, versions, prisma,
            suggestions, decisions, progress);
    }
}
