using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

public sealed record IssueApiKeyResult(string UserName, string ApiKey);

/// <summary>Gives a reviewer a new API key (for scripts, header X-Api-Key); any earlier key stops working.</summary>
public static class IssueApiKey
{
    public static async Task<IssueApiKeyResult> RunAsync(ScreenerDbContext db, string userName, CancellationToken cancellationToken)
    {
        var reviewer = await AccountControl.FindAsync(db, userName, cancellationToken);
        var key = Credentials.NewApiKey();
        reviewer.ApiKeyHash = Credentials.HashApiKey(key);
        await db.SaveChangesAsync(cancellationToken);
        return new IssueApiKeyResult(reviewer.UserName, key);
    }
}
