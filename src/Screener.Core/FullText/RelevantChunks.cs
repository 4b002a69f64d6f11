using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Pgvector;
using Pgvector.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.FullText;

/// <summary>A chunk chosen for a query, with where it sits (page, section, offsets into the page text).</summary>
public sealed record RelevantChunk(long ChunkId, int Ordinal, int PageNumber, string? Section, int Start, int End, string Text, int Tokens, double Similarity);

/// <summary>
/// The chunks of a record's full text nearest to a query (a criterion, a field description), by cosine distance
/// in pgvector; exact search, since one paper has tens of chunks. Ties go to the earlier chunk.
/// </summary>
public static class RelevantChunks
{
    /// <param name="provider">The provider embedder the chunks were embedded with, when they were; null for the offline embedder.</param>
    public static async Task<IReadOnlyList<RelevantChunk>> FindAsync(ScreenerDbContext db, long recordId, string query, int k,
        IEmbeddingGenerator<string, Embedding<float>>? provider, CancellationToken ct)
    {
        if (k < 1) throw new ScreenerException("the number of chunks must be at least 1");
        var chunks = db.FullTextChunks.Where(c => c.RecordId == recordId);
        var models = await chunks.Select(c => c.Model).Distinct().ToListAsync(ct);
        if (models.Count == 0) return [];
        if (models.Count > 1)
            throw new ScreenerException($"record {recordId}'s chunks are embedded with {string.Join(" and ", models)}: attach the full text again");
        var model = models[0];
        var queryVector = await EmbedQueryAsync(chunks, model, query, provider, ct);
        var nearest = await chunks
            .Select(c => new { c.Id, c.Ordinal, c.PageNumber, c.Section, c.Start, c.End, c.Text, c.Tokens, Distance = c.Embedding.CosineDistance(queryVector) })
            .OrderBy(c => c.Distance).ThenBy(c => c.Ordinal).Take(k).ToListAsync(ct);
        return nearest.Select(c => new RelevantChunk(c.Id, c.Ordinal, c.PageNumber, c.Section, c.Start, c.End, c.Text, c.Tokens,
            double.IsNaN(c.Distance) ? 0 : 1 - c.Distance)).ToList();
    }

    private static async Task<Vector> EmbedQueryAsync(IQueryable<FullTextChunk> chunks, string model, string query,
        IEmbeddingGenerator<string, Embedding<float>>? provider, CancellationToken ct)
    {
        if (ChunkEmbedder.IsOffline(model))
        {
            var texts = await chunks.OrderBy(c => c.Ordinal).Select(c => c.Text).ToListAsync(ct);
            using var offline = (Embeddings.HashedTfidfEmbeddingGenerator)ChunkEmbedder.For(texts, null);
            return new Vector(offline.Embed(query));
        }
        if (provider is null || ChunkEmbedder.ModelOf(provider) != model)
            throw new ScreenerException($"the chunks are embedded with {model}: configure that embedding model to search them");
        var vectors = await provider.GenerateAsync([query], cancellationToken: ct);
        return new Vector(vectors[0].Vector);
    }
}
