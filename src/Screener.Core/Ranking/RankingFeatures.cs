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

    public static FeatureMatrix Build(IReadOnlyList<RankingInput> records)
    {
        var counts = records.Select(r => TextTerms.Count(r.Text, TermOptions.Words)).ToList();
        var weighting = TermWeighting.Fit(counts, TermOptions.Words);
        var hasLlm = records.Any(r => r.LlmProbability is not null);
        var minRecords = records.Count >= MinRecordsToDropRareTerms ? MinTermRecords : 1;
        var texts = counts.Select(c => weighting.Transform(c, TextBuckets, signed: false, minRecords)).ToArray();
        // Slots renumbered densely in their sorted order (rows stay sorted): the weight vector then holds only slots
        // the corpus uses, small enough to stay in cache through the many retrains of a simulation.
        var slots = texts.SelectMany(t => t.Indices).Distinct().Order().Select((slot, k) => (slot, k)).ToDictionary(p => p.slot, p => p.k);
        var bias = slots.Count;
        var llm = slots.Count + 1;
        var rows = new SparseVector[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var text = texts[i];
            var extra = hasLlm ? 2 : 1;
            var indices = new int[text.Count + extra];
            var values = new float[text.Count + extra];
            for (var k = 0; k < text.Count; k++) indices[k] = slots[text.Indices[k]];
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
        return new FeatureMatrix(rows, slots.Count + 2, hasLlm, texts.Select(t => t.Count > 0).ToArray());
    }
}
