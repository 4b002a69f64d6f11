using System.Collections.Concurrent;
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
        if (review is not null) return review;
        var names = await db.Reviews.Select(r => r.Name).ToListAsync(cancellationToken);
        throw new ScreenerException(ReviewNames.NotFoundMessage(name, ReviewNames.Closest(name, names)));
    }

    /// <summary>The review, for a use case that changes it: an archived review is refused with how to bring it back.</summary>
    public static async Task<Review> FindWritableAsync(ScreenerDbContext db, string name, CancellationToken cancellationToken)
    {
        var review = await FindAsync(db, name, cancellationToken);
        EnsureWritable(review);
        return review;
    }

    public static void EnsureWritable(Review review)
    {
        if (review.ArchivedAt is { } archivedAt) throw ArchiveReview.ReadOnly(review.Name, archivedAt);
    }

    public static async Task<(Review Review, ReviewProtocol Protocol)> FindWithProtocolAsync(
        ScreenerDbContext db, string name, CancellationToken cancellationToken)
    {
        var review = await FindAsync(db, name, cancellationToken);
        var version = review.CurrentProtocolVersion
            ?? throw new ScreenerException($"review '{name}' has no protocol: run `screener init --protocol FILE --name {name}`");
        return (review, Parsed(version.YamlText, version.SourcePath));
    }

    /// <summary>
    /// A protocol version's parsed protocol, loading its YAML only when this process has not parsed that exact text
    /// (by its SHA-256) before. The web API needs the protocol on every decision (bench `api-load`).
    /// </summary>
    public static async Task<ReviewProtocol> ProtocolVersionAsync(
        ScreenerDbContext db, long versionId, string hash, string path, CancellationToken cancellationToken)
    {
        if (ParsedVersions.TryGetValue((hash, path), out var cached)) return cached;
        var yaml = await db.ProtocolVersions.Where(v => v.Id == versionId).Select(v => v.YamlText).SingleAsync(cancellationToken);
        return Parsed(yaml, path);
    }

    // Protocol versions are immutable and the parse is pure, but it is YAML parsing plus validation. Keyed by the
    // text's hash (what ProtocolVersion.Hash holds) and path (errors name it). Bounded: a host sees few versions.
    private static readonly ConcurrentDictionary<(string Hash, string Path), ReviewProtocol> ParsedVersions = new();

    private static ReviewProtocol Parsed(string yaml, string path)
    {
        var key = (ProtocolLoader.HashOf(yaml), path);
        if (ParsedVersions.TryGetValue(key, out var cached)) return cached;
        var protocol = ProtocolLoader.Parse(yaml, path);
        if (ParsedVersions.Count >= 64) ParsedVersions.Clear();
        ParsedVersions[key] = protocol;
        return protocol;
    }
}
