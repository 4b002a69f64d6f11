using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Overview;

/// <summary>One review in the list: its title-and-abstract figures (the one definition, <see cref="ScreeningFigures"/>) and protocol.</summary>
/// <param name="ProtocolVersion">The current protocol's number among the review's versions (1 = the first), 0 with none.</param>
public sealed record ReviewSummary(
    long ReviewId, string Name, DateTimeOffset CreatedAt, int UniqueRecords, int Settled, int Included,
    int ProtocolVersion, int ProtocolVersions, string? ProtocolHash, DateTimeOffset? ArchivedAt = null);

/// <summary>Every review, by name, with how far its title-and-abstract screening has come; archived ones only when asked.</summary>
public static class ListReviews
{
    public static async Task<IReadOnlyList<ReviewSummary>> RunAsync(ScreenerDbContext db, bool includeArchived, CancellationToken cancellationToken)
    {
        var reviews = await db.Reviews.Include(r => r.CurrentProtocolVersion).Where(r => includeArchived || r.ArchivedAt == null)
            .OrderBy(r => r.Name).ToListAsync(cancellationToken);
        var versions = await db.ProtocolVersions.Select(v => new { v.ReviewId, v.Id }).ToListAsync(cancellationToken);
        var summaries = new List<ReviewSummary>(reviews.Count);
        foreach (var review in reviews)
        {
            var figures = await ScreeningFigures.LoadAsync(db, review.Id, ReviewStage.TitleAbstract, cancellationToken);
            var own = versions.Where(v => v.ReviewId == review.Id).ToList();
            var current = review.CurrentProtocolVersionId is { } id ? own.Count(v => v.Id <= id) : 0;
            summaries.Add(new ReviewSummary(review.Id, review.Name, review.CreatedAt, figures.UniqueRecords, figures.Settled,
                figures.Included, current, own.Count, review.CurrentProtocolVersion?.Hash, review.ArchivedAt));
        }
        return summaries;
    }
}
