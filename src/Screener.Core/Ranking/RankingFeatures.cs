using Screener.Core.Embeddings;

namespace Screener.Core.Ranking;

/// <summary>One record as the ranker sees it: its text and, when an LLM has screened it, its inclusion probability.</summary>
public sealed record RankingInput(string Title, string? Abstract, double? LlmProbability)
{
    public string Text => EmbeddingText.Of(Title, Abstract);
}

/// <summary>
/// The feature vectors the classifier trains on, one per record, built once per corpus. HasText[i] is false where
/// record i has no term the model weighs (no title or abstract, or only words too rare to keep): its score would be
/// the bias alone, which says nothing about that record.
/// </summary>
public sealed record FeatureMatrix(IReadOnlyList<SparseVector> Rows, int Dimension, bool HasLlmFeature, IReadOnlyList<bool> HasText)
{
    /// <summary>The same records without the LLM feature, for a model of the text alone.</summary>
    public FeatureMatrix TextOnly()
    {
        if (!HasLlmFeature) return this;
        // Build puts the LLM feature last in every row, at the last dimension.
        var rows = Rows.Select(r => new SparseVector(r.Indices[..^1], r.Values[..^1])).ToArray();
        return new FeatureMatrix(rows, Dimension - 1, false, HasText);
    }
}

/// <summary>
/// Hashed word uni+bigram TF-IDF (IDF over the whole corpus, labelled or not, as ASReview fits it) over the terms
/// found in at least <see cref="MinTermRecords"/> records, a constant bias feature and, when any record has one, the
/// LLM's probability mapped to [-1, 1] (0 where a record has none).
/// </summary>
public static class RankingFeatures
{
    /// <summary>2^20 hashed slots make collisions negligible; only the slots a corpus uses get a weight.</summary>
    public const int TextBuckets = 1 << 20;

    /// <summary>
    /// Terms in fewer records than this are dropped (scikit-learn's min_df = 5). A term in one record cannot
    /// relate it to any other, yet it takes a share of that record's unit length; without such terms the shared
    /// vocabulary weighs more and the SVM found the last includes sooner. Cohen 2006, 14 sets, sum of the median
    /// records to 98.5% recall, seeds 1-5: 10,597 vs 10,772 keeping every term (fewer records than ASReview on 7 of
    /// 14 sets vs 6); seeds 1-10: 10,613 vs 10,788 (7 vs 4); all 34 datasets: 25,544 vs 25,736. Dropping terms in
    /// fewer than 2, 3, 4 records measured 10,625 / 10,551 / 10,553 at 10 seeds (5, 6, 6 sets fewer than ASReview).
    /// </summary>
    public const int MinTermRecords = 5;

    /// <summary>
    /// Below this many records every term is kept: in a small corpus a term in five records is already a large share
    /// of it, and dropping the rarer ones would leave little text to rank by. (The smallest evaluation set has 128.)
    /// </summary>
    public const int MinRecordsToDropRareTerms = 100;

    /// <summary>The features of records held in memory (a simulation's dataset): the passes of <see cref="RankingFeatureBuilder"/> over the list.</summary>
    public static FeatureMatrix Build(IReadOnlyList<RankingInput> records)
    {
        var builder = new RankingFeatureBuilder(records.Count);
        for (var pass = 0; pass < builder.Passes; pass++)
        {
            foreach (var record in records) builder.Read(record);
            builder.EndPass();
        }
        return builder.Build();
    }
}
