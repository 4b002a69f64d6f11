using Microsoft.Extensions.AI;
using Screener.Core.Embeddings;

namespace Screener.Core.FullText;

/// <summary>
/// Which embedder a document's chunks are embedded with, and how a query is embedded to compare with them. The
/// offline embedder's IDF is fitted on the document's own chunks (in order): the corpus a query is ranked within is
/// that paper, the statistics are recomputed from the stored chunk texts, and attaching another paper changes no
/// stored vector. A provider embedder needs no corpus.
/// </summary>
public static class ChunkEmbedder
{
    public static bool IsOffline(string model) => model.StartsWith("hashed-tfidf-", StringComparison.Ordinal);

    /// <summary>The generator for one document: <paramref name="provider"/> when given, else the offline one fitted on the chunks.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> For(IReadOnlyList<string> chunkTexts,
        IEmbeddingGenerator<string, Embedding<float>>? provider) =>
        provider ?? HashedTfidfEmbeddingGenerator.FitOn(chunkTexts);

    public static string ModelOf(IEmbeddingGenerator<string, Embedding<float>> generator) =>
        generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId
        ?? throw new ScreenerException("the configured embedding generator does not name its model; set Llm:EmbeddingModel");
}
