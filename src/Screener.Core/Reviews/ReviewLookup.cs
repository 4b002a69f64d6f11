using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Protocol;

namespace Screener.Core.Reviews;

/// <summary>Finds a review by name, with the protocol it currently works under.</summary>
public static class ReviewLookup
{
    public static async Task<Review> FindAsync(ScreenerDbContext db, string name, CancellationToken cancellationToken)
    {
        var review = await db.Reviews.Include(r => r.CurrentProtocolVersion)
            .SingleOrDefaultAsync(r => r.Name == name, cancellationToken);
        return review ?? throw new ScreenerException(
            $"no review named '{name}': create it with `screener init --protocol FILE --name {name}`");
    }

    public static async Task<(Review Review, ReviewProtocol Protocol)> FindWithProtocolAsync(
        ScreenerDbContext db, string name, CancellationToken cancellationToken)
    {
        var review = await FindAsync(db, name, cancellationToken);
        var version = review.CurrentProtocolVersion
            ?? throw new ScreenerException($"review '{name}' has no protocol: run `screener init --protocol FILE --name {name}`");
        return (review, ProtocolLoader.Parse(version.YamlText, version.SourcePath));
    }
}
