using Screener.Core.Embeddings;

namespace Screener.Core.Ranking;

/// <summary>
/// Builds <see cref="RankingFeatures"/> from two passes over the same records in the same order, so that the records
/// can be streamed from the database: <see cref="Count"/> each (document frequencies), then <see cref="Add"/> each
/// (its weighted row). Neither pass keeps a record's text or term counts; what is kept is one sparse row per record
/// (the terms of at least <see cref="RankingFeatures.MinTermRecords"/> records, folded into
/// <see cref="RankingFeatures.TextBuckets"/> slots: a bounded vocabulary) and the corpus's term frequencies while
/// fitting. Holding every record's counts at once, as the features were built before, took gigabytes on a
/// 65,000-record review; the rows are the same.
/// </summary>
public sealed class RankingFeatureBuilder
{
    private readonly DocumentFrequencyCounter _frequencies = new(TermOptions.Words);
    private readonly List<(int[] Indices, float[] Values, int TextCount)> _rows = [];
    private readonly bool[] _usedSlots = new bool[RankingFeatures.TextBuckets];
    private int _counted;
    private bool _hasLlm;
    private TermWeighting? _weighting;

    /// <summary>First pass: one record's terms towards the document frequencies.</summary>
    public void Count(RankingInput record)
    {
        if (_weighting is not null) throw new InvalidOperationException("every record must be counted before the first is added");
        _frequencies.Add(TextTerms.Count(record.Text, TermOptions.Words).Keys);
        _hasLlm |= record.LlmProbability is not null;
        _counted++;
    }

    /// <summary>Second pass: the record's row, in the order the records were counted.</summary>
    public void Add(RankingInput record)
    {
        _weighting ??= _frequencies.ToWeighting();
        if (_rows.Count == _counted) throw new InvalidOperationException($"more records added than the {_counted} counted");
        var minRecords = _counted >= RankingFeatures.MinRecordsToDropRareTerms ? RankingFeatures.MinTermRecords : 1;
        var text = _weighting.Transform(TextTerms.Count(record.Text, TermOptions.Words), RankingFeatures.TextBuckets, signed: false, minRecords);
        // Room for the bias and, when any record has one, the LLM value, filled in by Build once the slots are numbered.
        var extra = _hasLlm ? 2 : 1;
        var indices = new int[text.Count + extra];
        var values = new float[text.Count + extra];
        text.Indices.CopyTo(indices, 0);
        text.Values.CopyTo(values, 0);
        foreach (var slot in text.Indices) _usedSlots[slot] = true;
        if (_hasLlm) values[text.Count + 1] = (float)(2 * (record.LlmProbability ?? 0.5) - 1);
        _rows.Add((indices, values, text.Count));
    }

    public FeatureMatrix Build()
    {
        if (_rows.Count != _counted) throw new InvalidOperationException($"{_counted} records counted but {_rows.Count} added");
        // Slots renumbered densely in their sorted order (rows stay sorted): the weight vector then holds only slots
        // the corpus uses, small enough to stay in cache through the many retrains of a simulation.
        var dense = new int[RankingFeatures.TextBuckets];
        var used = 0;
        for (var slot = 0; slot < dense.Length; slot++) dense[slot] = _usedSlots[slot] ? used++ : -1;
        var bias = used;
        var llm = used + 1;
        var rows = new SparseVector[_rows.Count];
        var hasText = new bool[_rows.Count];
        for (var i = 0; i < _rows.Count; i++)
        {
            var (indices, values, textCount) = _rows[i];
            for (var k = 0; k < textCount; k++) indices[k] = dense[indices[k]];
            indices[textCount] = bias;
            values[textCount] = 1f;
            if (_hasLlm) indices[textCount + 1] = llm;
            rows[i] = new SparseVector(indices, values);
            hasText[i] = textCount > 0;
        }
        return new FeatureMatrix(rows, used + 2, _hasLlm, hasText);
    }
}
