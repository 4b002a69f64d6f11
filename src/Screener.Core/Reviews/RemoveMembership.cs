using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

public sealed record RemoveMembershipResult(string ReviewName, string UserName, bool Removed);

/// <summary>
/// Takes a reviewer off a review. Their decisions stay (the record of who decided what is part of the review);
/// they can no longer see or act in it, from the next request on, because membership is checked on every request.
/// </summary>
public static class RemoveMembership
{
    public static async Task<RemoveMembershipResult> RunAsync(
        ScreenerDbContext db, string reviewName, string userName, CancellationToken cancellationToken)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, cancellationToken);
        var reviewer = await AccountControl.FindAsync(db, userName, cancellationToken);
        var removed = await db.ReviewMemberships.Where(m => m.ReviewId == review.Id && m.ReviewerId == reviewer.Id)
            .ExecuteDeleteAsync(cancellationToken);
        return new RemoveMembershipResult(review.Name, reviewer.UserName, removed > 0);
    }
}
