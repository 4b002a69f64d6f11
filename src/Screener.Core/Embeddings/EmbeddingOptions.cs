using System.ComponentModel.DataAnnotations;

namespace Screener.Core.Embeddings;

/// <summary>The "Embeddings" section: when a corpus is large enough for pgvector's HNSW index.</summary>
public sealed class EmbeddingOptions
{
    public const string SectionName = "Embeddings";

    /// <summary>
    /// A review with at least this many vectors of one model gets an HNSW index for that model (at `screener embed`),
    /// and `screener similar` then searches through it. Below it the search is exact: a review of a few thousand
    /// records is scanned in milliseconds, and exact search cannot miss the near-duplicate it is asked for.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int IndexFromVectors { get; set; } = 50_000;

    /// <summary>
    /// Candidates the index returns (hnsw.ef_search) before they are re-ranked by exact cosine distance; more finds
    /// the true neighbours more often, at the cost of time.
    /// </summary>
    [Range(10, 1000)]
    public int IndexCandidates { get; set; } = 400;
}
