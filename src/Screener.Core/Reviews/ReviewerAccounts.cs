using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

public static class ReviewerAccounts
{
    /// <summary>
    /// The CLI acts with database rights, so a name it is given becomes a reviewer (without a password: such a
    /// reviewer cannot sign in to the web app until an admin sets one).
    /// </summary>
    public static async Task<Reviewer> FindOrCreateAsync(ScreenerDbContext db, TimeProvider time, string userName, CancellationToken ct)
    {
        var name = userName.Trim();
        if (name.Length is 0 or > 100) throw new ScreenerException("the reviewer name must be 1 to 100 characters");
        var reviewer = await db.Reviewers.SingleOrDefaultAsync(r => r.UserName == name, ct);
        if (reviewer is not null) return reviewer;
        reviewer = new Reviewer { UserName = name, Role = ReviewerRole.Reviewer, CreatedAt = time.GetUtcNow() };
        db.Reviewers.Add(reviewer);
        await db.SaveChangesAsync(ct);
        return reviewer;
    }
}
