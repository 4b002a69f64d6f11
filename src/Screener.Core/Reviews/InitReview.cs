using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Protocol;

namespace Screener.Core.Reviews;

public sealed record InitReviewRequest(string Name, string ProtocolPath);

public sealed record InitReviewResult(long ReviewId, string Name, string ProtocolHash, bool ReviewCreated, bool ProtocolChanged, int ProtocolVersions);

/// <summary>
/// Creates a review from a protocol file, or records a new protocol version for an existing one.
/// The protocol is validated first: an invalid one writes nothing.
/// </summary>
public static class InitReview
{
    public static async Task<InitReviewResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, InitReviewRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            throw new ScreenerException("the review name must be 1 to 200 characters");
        var yaml = await ReadAsync(request.ProtocolPath, cancellationToken);
        var protocol = ProtocolLoader.Parse(yaml, request.ProtocolPath);

        var review = await db.Reviews.SingleOrDefaultAsync(r => r.Name == request.Name, cancellationToken);
        var created = review is null;
        if (review is null)
        {
            review = new Review { Name = request.Name, CreatedAt = time.GetUtcNow() };
            db.Reviews.Add(review);
            await db.SaveChangesAsync(cancellationToken);
        }

        var version = await db.ProtocolVersions.SingleOrDefaultAsync(
            p => p.ReviewId == review.Id && p.Hash == protocol.Hash, cancellationToken);
        var changed = version is null || review.CurrentProtocolVersionId != version.Id;
        if (version is null)
        {
            version = new ProtocolVersion
            {
                ReviewId = review.Id, Hash = protocol.Hash, YamlText = yaml,
                SourcePath = Path.GetFullPath(request.ProtocolPath), CreatedAt = time.GetUtcNow(),
            };
            db.ProtocolVersions.Add(version);
        }
        review.CurrentProtocolVersion = version;
        await db.SaveChangesAsync(cancellationToken);

        var versions = await db.ProtocolVersions.CountAsync(p => p.ReviewId == review.Id, cancellationToken);
        return new InitReviewResult(review.Id, review.Name, protocol.Hash, created, changed && !created, versions);
    }

    private static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScreenerException($"cannot read protocol file {path}: {e.Message}", e);
        }
    }
}
