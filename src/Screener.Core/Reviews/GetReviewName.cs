using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

/// <summary>The name of the review an actor works in, for page titles, the PRISMA diagram and membership by name.</summary>
public static class GetReviewName
{
    public static async Task<string> RunAsync(ScreenerDbContext db, ReviewActor actor, CancellationToken cancellationToken) =>
        await db.Reviews.Where(r => r.Id == actor.ReviewId).Select(r => r.Name).SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException($"no review {actor.ReviewId}");
}
