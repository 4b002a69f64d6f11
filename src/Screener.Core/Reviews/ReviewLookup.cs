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
        return review ?? throw new ScreenerException(
            $"no review named '{name}': create it with `screener init --protocol FILE --name {name}`");
    }

    public static async Task<(Review Review, ReviewProtocol Protocol)> FindWithProtocolAsync(
        ScreenerDbContext db, string name, CancellationToken cancellationToken)
    {
        var review = await FindAsync(db, name, cancellationToken);
        var version = review.CurrentProtocolVersion
            ?? throw new ScreenerException($"review '{name}' has no protocol: run `screener init --protocol FILE --name {name}`");
        return (review, Parsed(version.YamlText, version.SourcePath));
    }

    // Protocol versions are immutable and the parse is pure, but it is YAML parsing plus validation, and the web API
    // needs the protocol on every decision (bench `api-load`). Bounded: a long-lived host sees few distinct versions.
    private static readonly ConcurrentDictionary<(string Yaml, string Path), ReviewProtocol> ParsedVersions = new();

    private static ReviewProtocol Parsed(string yaml, string path)
    {
        if (ParsedVersions.TryGetValue((yaml, path), out var cached)) return cached;
        var protocol = ProtocolLoader.Parse(yaml, path);
        if (ParsedVersions.Count >= 64) ParsedVersions.Clear();
        ParsedVersions[(yaml, path)] = protocol;
        return protocol;
    }
}
