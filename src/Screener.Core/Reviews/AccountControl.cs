using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

public sealed record AccountChangeResult(string UserName, bool Disabled, bool ApiKeyRevoked);

/// <summary>
/// What an admin does to an account after the fact: disable or enable it, set a new password, end its sessions.
/// Each change replaces the security stamp, so every session cookie of the account stops working at once.
/// </summary>
public static class AccountControl
{
    /// <summary>A disabled account cannot sign in and its sessions and API key are refused; enabling does not revive old sessions.</summary>
    public static async Task<AccountChangeResult> SetDisabledAsync(
        ScreenerDbContext db, TimeProvider time, string userName, bool disabled, CancellationToken cancellationToken)
    {
        var reviewer = await FindAsync(db, userName, cancellationToken);
        reviewer.DisabledAt = disabled ? reviewer.DisabledAt ?? time.GetUtcNow() : null;
        reviewer.SecurityStamp = Credentials.NewSecurityStamp();
        await db.SaveChangesAsync(cancellationToken);
        return new AccountChangeResult(reviewer.UserName, disabled, false);
    }

    /// <summary>
    /// Sets a new password and revokes the API key: a reset usually follows a leak, and a key issued with the old
    /// password is as suspect as the password (issue a new one with `screener review apikey`).
    /// </summary>
    public static async Task<AccountChangeResult> SetPasswordAsync(
        ScreenerDbContext db, string userName, string? password, CancellationToken cancellationToken)
    {
        Credentials.ValidatePassword(password);
        var reviewer = await FindAsync(db, userName, cancellationToken);
        reviewer.PasswordHash = Credentials.HashPassword(password!);
        var revoked = reviewer.ApiKeyHash is not null;
        reviewer.ApiKeyHash = null;
        reviewer.SecurityStamp = Credentials.NewSecurityStamp();
        await db.SaveChangesAsync(cancellationToken);
        return new AccountChangeResult(reviewer.UserName, reviewer.DisabledAt is not null, revoked);
    }

    /// <summary>Sign-out: every session cookie of the account ends, including copies taken before (API keys are unaffected).</summary>
    public static async Task EndSessionsAsync(ScreenerDbContext db, long reviewerId, CancellationToken cancellationToken) =>
        await db.Reviewers.Where(r => r.Id == reviewerId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.SecurityStamp, Credentials.NewSecurityStamp()), cancellationToken);

    internal static async Task<Reviewer> FindAsync(ScreenerDbContext db, string userName, CancellationToken cancellationToken)
    {
        var name = UserNames.TryNormalize(userName);
        return (name is null ? null : await db.Reviewers.SingleOrDefaultAsync(r => r.UserName == name, cancellationToken))
            ?? throw new NotFoundException($"no reviewer named '{userName}': add one with `screener review user add`");
    }
}
