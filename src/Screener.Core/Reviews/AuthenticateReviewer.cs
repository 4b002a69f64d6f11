using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

public sealed record SignedInReviewer(long Id, string UserName, string DisplayName, ReviewerRole Role);

/// <summary>Checks a user name and password, or an API key. A failure says nothing about which part was wrong.</summary>
public static class AuthenticateReviewer
{
    public static async Task<SignedInReviewer?> ByPasswordAsync(
        ScreenerDbContext db, string userName, string password, CancellationToken cancellationToken)
    {
        var reviewer = await db.Reviewers.AsNoTracking().SingleOrDefaultAsync(r => r.UserName == userName, cancellationToken);
        // Hash even for an unknown user so response time does not reveal which user names exist.
        var ok = Credentials.VerifyPassword(password, reviewer?.PasswordHash ?? UnknownUserHash.Value) && reviewer?.PasswordHash is not null;
        return ok ? ToSignedIn(reviewer!) : null;
    }

    public static async Task<SignedInReviewer?> ByApiKeyAsync(ScreenerDbContext db, string apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(apiKey)) return null;
        var hash = Credentials.HashApiKey(apiKey.Trim());
        var reviewer = await db.Reviewers.AsNoTracking().SingleOrDefaultAsync(r => r.ApiKeyHash == hash, cancellationToken);
        return reviewer is null ? null : ToSignedIn(reviewer);
    }

    private static readonly Lazy<string> UnknownUserHash = new(() => Credentials.HashPassword(Guid.NewGuid().ToString()));

    private static SignedInReviewer ToSignedIn(Reviewer r) => new(r.Id, r.UserName, r.DisplayName ?? r.UserName, r.Role);
}
