using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

public sealed record AddMembershipRequest(string ReviewName, string UserName, ReviewerRole Role);

public sealed record AddMembershipResult(string ReviewName, string UserName, ReviewerRole Role, bool Created);

/// <summary>Lets a reviewer see and work on one review, in the given role there (adding again changes the role).</summary>
public static class AddMembership
{
    public static async Task<AddMembershipResult> RunAsync(ScreenerDbContext db, AddMembershipRequest request, CancellationToken cancellationToken)
    {
        var review = await ReviewLookup.FindAsync(db, request.ReviewName, cancellationToken);
        var reviewer = await AccountControl.FindAsync(db, request.UserName, cancellationToken);
        var membership = await db.ReviewMemberships.FindAsync([review.Id, reviewer.Id], cancellationToken);
        var created = membership is null;
        if (membership is null)
        {
            membership = new ReviewMembership { ReviewId = review.Id, ReviewerId = reviewer.Id };
            db.ReviewMemberships.Add(membership);
        }
        membership.Role = request.Role;
        await db.SaveChangesAsync(cancellationToken);
        return new AddMembershipResult(review.Name, reviewer.UserName, membership.Role, created);
    }
}
