using Microsoft.EntityFrameworkCore;
using Pgvector;
using Screener.Core.Persistence;

namespace Screener.Core.Embeddings;

/// <summary>
/// pgvector's HNSW index where a corpus is large: one partial expression index per embedding model and dimension
/// ("Embedding"::halfvec(D), cosine), created by the server-side functions of migration VectorIndexFunctions. The
/// column holds vectors of several models and sizes, so no single index could cover it; halfvec keeps the index at
/// half the size and allows up to 4,000 dimensions (vector's HNSW stops at 2,000).
/// </summary>
public static class VectorIndex
{
    /// <summary>The largest dimension pgvector can index as halfvec.</summary>
    public const int MaxDimension = 4000;

    public static async Task<string?> ExistingAsync(ScreenerDbContext db, string model, int dimension, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<string?>(
            $"SELECT i.indexrelid::regclass::text AS \"Value\" FROM pg_index i WHERE i.indexrelid = to_regclass(screener_vector_index_name({model}, {dimension})) AND i.indisvalid")
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>Creates the index for <paramref name="model"/> unless it exists; returns its name.</summary>
    public static async Task<string> EnsureAsync(ScreenerDbContext db, string model, int dimension, CancellationToken cancellationToken)
    {
        if (dimension is < 1 or > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(dimension), $"pgvector indexes 1 to {MaxDimension} dimensions");
        // Building the graph takes minutes for a large corpus; the command timeout must not cut it.
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        try
        {
            return await db.Database.SqlQuery<string>($"SELECT screener_create_vector_index({model}, {dimension}) AS \"Value\"").SingleAsync(cancellationToken);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    /// <summary>The review's nearest vectors through the index: up to <paramref name="candidates"/>, each with its exact cosine distance.</summary>
    public static async Task<List<(long RecordId, double Distance)>> NearestAsync(
        ScreenerDbContext db, long reviewId, string model, int dimension, long excludeRecordId, Vector query, int candidates, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<NearestRow>(
            $"SELECT \"RecordId\", \"Distance\" FROM screener_nearest_by_vector_index({reviewId}, {model}, {dimension}, {excludeRecordId}, {query}, {candidates})")
            .ToListAsync(cancellationToken);
        return rows.Select(r => (r.RecordId, r.Distance)).ToList();
    }

    private sealed record NearestRow(long RecordId, double Distance);
}
