using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

public sealed record SignedInReviewer(long Id, string UserName, string DisplayName, ReviewerRole Role, string SecurityStamp);

/// <summary>
/// Checks a user name and password, an API key, or a session's security stamp. A failure says nothing about which
/// part was wrong; a disabled account fails every check.
/// </summary>
public static class AuthenticateReviewer
{
    public static async Task<SignedInReviewer?> ByPasswordAsync(
        ScreenerDbContext db, string userName, string password, CancellationToken cancellationToken)
    {
        var name = UserNames.TryNormalize(userName);
        var reviewer = name is null ? null
            : await db.Reviewers.AsNoTracking().SingleOrDefaultAsync(r => r.UserName == name, cancellationToken);
        // Hash even for an unknown user so response time does not reveal which user names exist.
        var ok = Credentials.VerifyPassword(password, reviewer?.PasswordHash ?? UnknownUserHash.Value)
            && reviewer is { PasswordHash: not null, DisabledAt: null };
        return ok ? ToSignedIn(reviewer!) : null;
    }

    public static async Task<SignedInReviewer?> ByApiKeyAsync(ScreenerDbContext db, string apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(apiKey)) return null;
        var hash = Credentials.HashApiKey(apiKey.Trim());
        var reviewer = await db.Reviewers.AsNoTracking()
            .SingleOrDefaultAsync(r => r.ApiKeyHash == hash && r.DisabledAt == null, cancellationToken);
        return reviewer is null ? null : ToSignedIn(reviewer);
    }

    /// <summary>Whether a session issued under <paramref name="securityStamp"/> is still good: same stamp, account enabled.</summary>
    public static Task<bool> SessionIsCurrentAsync(
        ScreenerDbContext db, long reviewerId, string? securityStamp, CancellationToken cancellationToken) =>
        securityStamp is null
            ? Task.FromResult(false)
            : db.Reviewers.AnyAsync(r => r.Id == reviewerId && r.SecurityStamp == securityStamp && r.DisabledAt == null, cancellationToken);

    private static readonly Lazy<string> UnknownUserHash = new(() => Credentials.HashPassword(Guid.NewGuid().ToString()));

    private static SignedInReviewer ToSignedIn(Reviewer r) => new(r.Id, r.UserName, r.DisplayName ?? r.UserName, r.Role, r.SecurityStamp);
}
