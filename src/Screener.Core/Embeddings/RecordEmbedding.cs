using Pgvector;

namespace Screener.Core.Embeddings;

/// <summary>A record's embedding under one model; the model name and dimension travel with the vector.</summary>
public sealed class RecordEmbedding
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public long RecordId { get; set; }
    public required string Model { get; set; }
    public int Dimension { get; set; }
    public required Vector Embedding { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
