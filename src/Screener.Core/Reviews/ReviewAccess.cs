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
        // One round trip: this runs before every review endpoint (bench `api-load`).
        var access = await db.Reviewers.AsNoTracking().Where(r => r.Id == reviewerId)
            .Select(r => new
            {
                r.Role,
                ReviewExists = db.Reviews.Any(v => v.Id == reviewId),
                MemberRole = db.ReviewMemberships.Where(m => m.ReviewId == reviewId && m.ReviewerId == reviewerId)
                    .Select(m => (ReviewerRole?)m.Role).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (access is not null && access.ReviewExists && access.Role == ReviewerRole.Admin) return new ReviewActor(reviewerId, reviewId, ReviewerRole.Admin);
        return access?.MemberRole is { } role && access.ReviewExists
            ? new ReviewActor(reviewerId, reviewId, role)
            : throw new NotFoundException($"no review {reviewId} that you belong to");
    }

    /// <summary>The CLI's way in: a review and a reviewer named by the person at the terminal (`--review R --user N`).</summary>
    public static async Task<ReviewActor> RequireByNameAsync(ScreenerDbContext db, string reviewName, string userName, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, ct);
        var reviewer = await db.Reviewers.AsNoTracking().SingleOrDefaultAsync(r => r.UserName == userName, ct)
            ?? throw new NotFoundException($"no reviewer named '{userName}': add one with `screener review user add`");
        return await RequireAsync(db, reviewer.Id, review.Id, ct);
    }

    /// <summary>Refuses a change to an archived review (decisions, adjudications, verified fields, resumed runs).</summary>
    public static async Task RequireWritableAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var review = await db.Reviews.AsNoTracking().Where(r => r.Id == reviewId).Select(r => new { r.Name, r.ArchivedAt })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException($"no review {reviewId}");
        if (review.ArchivedAt is { } archivedAt) throw ArchiveReview.ReadOnly(review.Name, archivedAt);
    }

    /// <summary>The protocol a review currently works under.</summary>
    public static async Task<ReviewProtocol> ProtocolAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var current = await db.Reviews.Where(r => r.Id == reviewId)
            .Select(r => new { r.Name, r.CurrentProtocolVersionId, Hash = r.CurrentProtocolVersion!.Hash, Path = r.CurrentProtocolVersion.SourcePath })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"no review {reviewId}");
        if (current.CurrentProtocolVersionId is not { } versionId)
            throw new ScreenerException($"review '{current.Name}' has no protocol: run `screener init --protocol FILE --name {current.Name}`");
        return await ReviewLookup.ProtocolVersionAsync(db, versionId, current.Hash, current.Path, cancellationToken);
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
