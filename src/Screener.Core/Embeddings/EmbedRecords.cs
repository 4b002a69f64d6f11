using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Pgvector;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Embeddings;

public sealed record EmbedRecordsRequest(string ReviewName, int BatchSize = 256);

/// <summary>
/// Embedded: vectors written now; Replaced: older vectors of the same model that were removed first (offline only).
/// VectorIndex: the HNSW index the model's vectors are searched through, when the review is large enough for one
/// (<see cref="EmbeddingOptions.IndexFromVectors"/>); IndexNote says why a large review has none.
/// </summary>
public sealed record EmbedRecordsResult(long ReviewId, string Model, int Dimension, int Records, int Embedded, int Replaced,
    string? VectorIndex = null, string? IndexNote = null);

/// <summary>
/// Stores one embedding per record of a review (duplicates too, so similar search can surface near-duplicates).
/// Offline (no generator given): the IDF is refitted on the review's current records, so every vector of that model
/// is replaced together and they stay comparable. A provider generator embeds only records that lack a vector for
/// its model: its calls cost money, and a second run after an interruption resumes instead of starting over.
/// </summary>
public static class EmbedRecords
{
    public static async Task<EmbedRecordsResult> RunAsync(ScreenerDbContext db, TimeProvider time, EmbedRecordsRequest request,
        IEmbeddingGenerator<string, Embedding<float>>? provider, EmbeddingOptions options, CancellationToken cancellationToken)
    {
        if (request.BatchSize is < 1 or > 10_000) throw new ScreenerException("the batch size must be 1 to 10000");
        var review = await ReviewLookup.FindAsync(db, request.ReviewName, cancellationToken);
        var records = await db.Records.Where(r => r.ReviewId == review.Id).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.Title, r.Abstract }).ToListAsync(cancellationToken);
        // An empty review is a normal early state, not an error: there is nothing to embed yet.
        if (records.Count == 0) return new EmbedRecordsResult(review.Id, "", 0, 0, 0, 0);

        using var offline = provider is null ? HashedTfidfEmbeddingGenerator.FitOn(records.Select(r => EmbeddingText.Of(r.Title, r.Abstract))) : null;
        var generator = provider ?? offline!;
        var model = generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId
            ?? throw new ScreenerException("the configured embedding generator does not name its model; set Llm:EmbeddingModel");

        // Offline vectors are replaced as one unit; provider batches commit one by one so an interruption keeps them.
        await using var transaction = offline is not null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var removed = offline is null ? 0
            : await db.Embeddings.Where(e => e.ReviewId == review.Id && e.Model == model).ExecuteDeleteAsync(cancellationToken);
        var done = (await db.Embeddings.Where(e => e.ReviewId == review.Id && e.Model == model)
            .Select(e => e.RecordId).ToListAsync(cancellationToken)).ToHashSet();
        var todo = records.Where(r => !done.Contains(r.Id)).Select(r => (r.Id, Text: EmbeddingText.Of(r.Title, r.Abstract))).ToList();
        foreach (var batch in todo.Chunk(request.BatchSize))
            await StoreBatchAsync(db, time, review.Id, model, generator, batch, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        var dimension = await db.Embeddings.Where(e => e.ReviewId == review.Id && e.Model == model)
            .Select(e => e.Dimension).Distinct().ToListAsync(cancellationToken);
        if (dimension.Count > 1)
            throw new ScreenerException($"model {model} has vectors of {string.Join(" and ", dimension)} dimensions in review '{review.Name}'");
        var (index, note) = await IndexIfLargeAsync(db, review.Id, model, dimension.Single(), options, cancellationToken);
        return new EmbedRecordsResult(review.Id, model, dimension.Single(), records.Count, todo.Count, removed, index, note);
    }

    private static async Task<(string? Index, string? Note)> IndexIfLargeAsync(
        ScreenerDbContext db, long reviewId, string model, int dimension, EmbeddingOptions options, CancellationToken cancellationToken)
    {
        var vectors = await db.Embeddings.CountAsync(e => e.ReviewId == reviewId && e.Model == model, cancellationToken);
        if (vectors < options.IndexFromVectors) return (null, null);
        if (dimension > VectorIndex.MaxDimension)
            return (null, $"{vectors:N0} vectors call for an HNSW index, but pgvector indexes at most {VectorIndex.MaxDimension:N0} dimensions and {model} has {dimension:N0}: `similar` stays exact");
        return (await VectorIndex.EnsureAsync(db, model, dimension, cancellationToken), null);
    }

    private static async Task StoreBatchAsync(ScreenerDbContext db, TimeProvider time, long reviewId, string model,
        IEmbeddingGenerator<string, Embedding<float>> generator, (long Id, string Text)[] batch, CancellationToken cancellationToken)
    {
        var vectors = await generator.GenerateAsync(batch.Select(r => r.Text), cancellationToken: cancellationToken);
        if (vectors.Count != batch.Length)
            throw new InvalidOperationException($"the embedding generator returned {vectors.Count} vectors for {batch.Length} texts");
        for (var k = 0; k < batch.Length; k++)
        {
            var vector = vectors[k].Vector;
            db.Embeddings.Add(new RecordEmbedding
            {
                ReviewId = reviewId, RecordId = batch[k].Id, Model = model, Dimension = vector.Length,
                Embedding = new Vector(vector), CreatedAt = time.GetUtcNow(),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
