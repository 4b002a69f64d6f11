using Microsoft.Extensions.AI;

namespace Screener.Core.Embeddings;

/// <summary>
/// The offline embedder: hashed TF-IDF over word uni/bigrams and character 3-5-grams, signed-hashed into a fixed
/// number of dimensions and L2-normalised, so cosine similarity is a dot product. Needs no model download. The IDF
/// comes from one corpus (a review's records): the model name says the algorithm and size, the corpus is the review.
/// </summary>
public sealed class HashedTfidfEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int DefaultDimension = 2048;
    public const string ProviderName = "screener-offline";

    private readonly TermWeighting _weighting;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public HashedTfidfEmbeddingGenerator(TermWeighting weighting, int dimension = DefaultDimension)
    {
        if (dimension is < 16 or > 16000) throw new ArgumentOutOfRangeException(nameof(dimension), "the dimension must be 16 to 16000 (pgvector's limit)");
        _weighting = weighting;
        Dimension = dimension;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, null, ModelName(dimension), dimension);
    }

    public int Dimension { get; }

    public string Model => _metadata.DefaultModelId!;

    public static string ModelName(int dimension) => $"hashed-tfidf-v1-d{dimension}";

    /// <summary>Fits the IDF statistics on <paramref name="corpus"/> (every text the embeddings will be compared within).</summary>
    public static HashedTfidfEmbeddingGenerator FitOn(IEnumerable<string> corpus, int dimension = DefaultDimension) =>
        new(TermWeighting.Fit(corpus.Select(t => TextTerms.Count(t, TermOptions.WordsAndCharacters)), TermOptions.WordsAndCharacters), dimension);

    public float[] Embed(string text) =>
        _weighting.Transform(TextTerms.Count(text, _weighting.Options), Dimension, signed: true).ToDense(Dimension);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (options?.Dimensions is { } asked && asked != Dimension)
            throw new ArgumentException($"this embedder was built for {Dimension} dimensions, not {asked}", nameof(options));
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(text)) { ModelId = Model });
        }
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // Holds no unmanaged resources; IEmbeddingGenerator requires IDisposable for providers that do.
    }
}
