using Microsoft.EntityFrameworkCore;
using Pgvector.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Embeddings;

public sealed record FindSimilarRecordsRequest(string ReviewName, long RecordId, int Top = 10, string? Model = null);

/// <summary>A neighbour; PossibleDuplicate when it is near enough to be the same study exported twice.</summary>
public sealed record SimilarRecord(long RecordId, string? ExternalId, string Title, int? Year, double Similarity, bool PossibleDuplicate, long? DuplicateOfId);

/// <summary>Search: "exact", or the HNSW index the neighbours came through (approximate, re-ranked exactly).</summary>
public sealed record FindSimilarRecordsResult(long RecordId, string Title, string Model, int Compared, IReadOnlyList<SimilarRecord> Similar, string Search = "exact");

/// <summary>
/// Cosine search (pgvector's &lt;=&gt; operator) among one review's records under one embedding model. Exact for a
/// review under <see cref="EmbeddingOptions.IndexFromVectors"/> vectors: thousands of records are scanned in
/// milliseconds, and an approximate index could miss the near-duplicate this search exists to surface. A larger
/// review searches through the model's HNSW index (<see cref="VectorIndex"/>) when `embed` has built it, takes
/// <see cref="EmbeddingOptions.IndexCandidates"/> candidates and re-ranks them by exact distance.
/// </summary>
public static class FindSimilarRecords
{
    /// <summary>
    /// Cosine similarity from which a pair is flagged as a possible duplicate. With the offline embedder, the same
    /// abstract exported twice scores above 0.95 and related studies on one topic stay below 0.8.
    /// </summary>
    public const double PossibleDuplicateSimilarity = 0.9;

    public static async Task<FindSimilarRecordsResult> RunAsync(ScreenerDbContext db, FindSimilarRecordsRequest request, EmbeddingOptions options, CancellationToken cancellationToken)
    {
        if (request.Top is < 1 or > 1000) throw new ScreenerException("--top must be 1 to 1000");
        var review = await ReviewLookup.FindAsync(db, request.ReviewName, cancellationToken);
        var record = await db.Records.Where(r => r.Id == request.RecordId && r.ReviewId == review.Id)
            .Select(r => new { r.Id, r.Title }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new ScreenerException($"review '{review.Name}' has no record {request.RecordId}");
        var mine = db.Embeddings.Where(e => e.RecordId == record.Id && (request.Model == null || e.Model == request.Model));
        var query = await mine.OrderByDescending(e => e.CreatedAt).Select(e => new { e.Model, e.Dimension, e.Embedding }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ScreenerException($"record {record.Id} has no embedding{(request.Model is null ? "" : $" under model {request.Model}")}: run `screener embed --review {review.Name}` first");

        var peers = db.Embeddings.Where(e => e.ReviewId == review.Id && e.Model == query.Model && e.RecordId != record.Id);
        var compared = await peers.CountAsync(cancellationToken);
        var index = compared + 1 >= options.IndexFromVectors ? await VectorIndex.ExistingAsync(db, query.Model, query.Dimension, cancellationToken) : null;
        var nearest = index is null
            ? (await peers
                .Select(e => new { e.RecordId, Distance = e.Embedding.CosineDistance(query.Embedding) })
                .OrderBy(x => x.Distance).ThenBy(x => x.RecordId).Take(request.Top)
                .ToListAsync(cancellationToken)).Select(x => (x.RecordId, x.Distance)).ToList()
            : (await VectorIndex.NearestAsync(db, review.Id, query.Model, query.Dimension, record.Id, query.Embedding,
                Math.Max(options.IndexCandidates, request.Top), cancellationToken))
                .OrderBy(x => x.Distance).ThenBy(x => x.RecordId).Take(request.Top).ToList();
        var ids = nearest.Select(n => n.RecordId).ToList();
        var details = await db.Records.Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.ExternalId, r.Title, r.Year, r.DuplicateOfId }).ToDictionaryAsync(r => r.Id, cancellationToken);
        var similar = nearest.Select(n =>
        {
            var r = details[n.RecordId];
            var similarity = 1 - n.Distance;
            return new SimilarRecord(r.Id, r.ExternalId, r.Title, r.Year, similarity, similarity >= PossibleDuplicateSimilarity, r.DuplicateOfId);
        }).ToList();
        return new FindSimilarRecordsResult(record.Id, record.Title, query.Model, compared, similar, index is null ? "exact" : $"approximate, HNSW index {index}");
    }
}
