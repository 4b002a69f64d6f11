using Screener.Core.Embeddings;

namespace Screener.Core.Ranking;

/// <summary>One record as the ranker sees it: its text and, when an LLM has screened it, its inclusion probability.</summary>
public sealed record RankingInput(string Title, string? Abstract, double? LlmProbability)
{
    public string Text => EmbeddingText.Of(Title, Abstract);
}

/// <summary>The feature vectors the classifier trains on, one per record, built once per corpus.</summary>
public sealed record FeatureMatrix(IReadOnlyList<SparseVector> Rows, int Dimension, bool HasLlmFeature);

/// <summary>
/// Hashed word uni+bigram TF-IDF (IDF over the whole corpus, labelled or not, as ASReview fits it), a constant
/// bias feature and, when any record has one, the LLM's probability mapped to [-1, 1] (0 where a record has none).
/// </summary>
public static class RankingFeatures
{
    /// <summary>2^20 slots: sparse, so the size costs only the weight vector, and collisions become negligible.</summary>
    public const int TextBuckets = 1 << 20;

    public static FeatureMatrix Build(IReadOnlyList<RankingInput> records)
    {
        var counts = records.Select(r => TextTerms.Count(r.Text, TermOptions.Words)).ToList();
        var weighting = TermWeighting.Fit(counts, TermOptions.Words);
        var hasLlm = records.Any(r => r.LlmProbability is not null);
        var bias = TextBuckets;
        var llm = TextBuckets + 1;
        var rows = new SparseVector[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var text = weighting.Transform(counts[i], TextBuckets, signed: false);
            var extra = hasLlm ? 2 : 1;
            var indices = new int[text.Count + extra];
            var values = new float[text.Count + extra];
            text.Indices.CopyTo(indices, 0);
            text.Values.CopyTo(values, 0);
            indices[text.Count] = bias;
            values[text.Count] = 1f;
            if (hasLlm)
            {
                indices[text.Count + 1] = llm;
                values[text.Count + 1] = (float)(2 * (records[i].LlmProbability ?? 0.5) - 1);
            }
            rows[i] = new SparseVector(indices, values);
        }
        return new FeatureMatrix(rows, TextBuckets + 2, hasLlm);
    }
}
