using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Protocol;

namespace Screener.Core.Reviews;

/// <summary>One signed-in reviewer acting in one review, with the role they hold there.</summary>
public sealed record ReviewActor(long ReviewerId, long ReviewId, ReviewerRole Role)
{
    public bool CanAdjudicate => Role is ReviewerRole.Adjudicator or ReviewerRole.Admin;
}

public sealed record MyReview(long ReviewId, string Name, ReviewerRole Role);

/// <summary>
/// Who may act in which review. A reviewer sees only reviews they belong to; an account with the global admin
/// role acts as admin in every review. An unknown review and a review one does not belong to look the same.
/// </summary>
public static class ReviewAccess
{
    public static async Task<ReviewActor> RequireAsync(
        ScreenerDbContext db, long reviewerId, long reviewId, CancellationToken cancellationToken)
    {
        var reviewer = await db.Reviewers.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reviewerId, cancellationToken);
        var exists = await db.Reviews.AnyAsync(r => r.Id == reviewId, cancellationToken);
        if (reviewer is not null && exists && reviewer.Role == ReviewerRole.Admin) return new ReviewActor(reviewerId, reviewId, ReviewerRole.Admin);
        var membership = await db.ReviewMemberships.AsNoTracking()
            .SingleOrDefaultAsync(m => m.ReviewId == reviewId && m.ReviewerId == reviewerId, cancellationToken);
        return membership is null || reviewer is null
            ? throw new NotFoundException($"no review {reviewId} that you belong to")
            : new ReviewActor(reviewerId, reviewId, membership.Role);
    }

    /// <summary>The protocol a review currently works under.</summary>
    public static async Task<ReviewProtocol> ProtocolAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var name = await db.Reviews.Where(r => r.Id == reviewId).Select(r => r.Name).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"no review {reviewId}");
        return (await ReviewLookup.FindWithProtocolAsync(db, name, cancellationToken)).Protocol;
    }

    public static async Task<IReadOnlyList<MyReview>> ListAsync(ScreenerDbContext db, long reviewerId, CancellationToken cancellationToken)
    {
        var isAdmin = await db.Reviewers.AnyAsync(r => r.Id == reviewerId && r.Role == ReviewerRole.Admin, cancellationToken);
        if (isAdmin)
            return (await db.Reviews.OrderBy(r => r.Name).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken))
                .Select(r => new MyReview(r.Id, r.Name, ReviewerRole.Admin)).ToList();
        var rows = await db.ReviewMemberships.Where(m => m.ReviewerId == reviewerId)
            .Join(db.Reviews, m => m.ReviewId, r => r.Id, (m, r) => new { r.Id, r.Name, m.Role })
            .OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return rows.Select(r => new MyReview(r.Id, r.Name, r.Role)).ToList();
    }
}
