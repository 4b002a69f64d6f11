using Screener.Core.Embeddings;

namespace Screener.Core.Ranking;

/// <summary>
/// Builds <see cref="RankingFeatures"/> from passes over the same records in the same order, so that the records can
/// be streamed from the database: call <see cref="Read"/> for every record, then <see cref="EndPass"/>, <see cref="Passes"/>
/// times, then <see cref="Build"/>. No pass keeps a record's text or term counts. What is kept is one sparse row per
/// record (the terms of at least <see cref="RankingFeatures.MinTermRecords"/> records, folded into
/// <see cref="RankingFeatures.TextBuckets"/> slots) and, while fitting, document frequencies. A corpus's distinct
/// word pairs run to millions (about ten million on 100,000 synthetic records), so on a corpus large enough to drop
/// rare terms a first pass counts records per hashed bucket in a fixed table (<see cref="SketchBuckets"/> bytes,
/// saturating): a term whose bucket counts fewer than the threshold is in fewer records and is dropped anyway, so the
/// second pass counts exactly only the others. The rows are exactly those of counting every term (the simulation's
/// figures do not move); holding every record's counts at once, as before, took gigabytes on a 65,000-record review.
/// </summary>
public sealed class RankingFeatureBuilder
{
    /// <summary>2^25 one-byte counters (32 MiB): about a third of a counter per distinct term of 100,000 records, so few rare terms share one.</summary>
    public const int SketchBuckets = 1 << 25;

    private readonly int _records;
    private readonly int _minRecords;
    private readonly DocumentFrequencyCounter _frequencies = new(TermOptions.Words);
    private readonly List<(int[] Indices, float[] Values, int TextCount)> _rows = [];
    private readonly bool[] _usedSlots = new bool[RankingFeatures.TextBuckets];
    private byte[]? _sketch;
    private int _pass;
    private int _read;
    private bool _hasLlm;
    private TermWeighting? _weighting;

    /// <param name="records">How many records every pass will read (whether rare terms are dropped depends on it).</param>
    public RankingFeatureBuilder(int records)
    {
        _records = records;
        _minRecords = records >= RankingFeatures.MinRecordsToDropRareTerms ? RankingFeatures.MinTermRecords : 1;
        if (_minRecords > 1) _sketch = new byte[SketchBuckets];
    }

    /// <summary>Three passes where rare terms are dropped (bucket counts, exact counts of the rest, rows), else two.</summary>
    public int Passes => _minRecords > 1 ? 3 : 2;

    public void Read(RankingInput record)
    {
        if (_read == _records) throw new InvalidOperationException($"more than the {_records} records announced in pass {_pass + 1}");
        _read++;
        var pass = Passes == 3 ? _pass : _pass + 1;
        if (pass == 0) Sketch(record);
        else if (pass == 1) Count(record);
        else Add(record);
    }

    public void EndPass()
    {
        if (_read != _records) throw new InvalidOperationException($"{_read} records read in pass {_pass + 1}, not the {_records} announced");
        _read = 0;
        _pass++;
        if (_pass == Passes - 1)
        {
            _weighting = _frequencies.ToWeighting();
            _sketch = null;
        }
    }

    private void Sketch(RankingInput record)
    {
        foreach (var term in TextTerms.Count(record.Text, TermOptions.Words).Keys)
        {
            ref var count = ref _sketch![SketchBucket(term)];
            if (count < byte.MaxValue) count++;
        }
    }

    private void Count(RankingInput record)
    {
        var terms = TextTerms.Count(record.Text, TermOptions.Words).Keys;
        _frequencies.Add(_sketch is null ? terms : terms.Where(t => _sketch[SketchBucket(t)] >= _minRecords));
        _hasLlm |= record.LlmProbability is not null;
    }

    private void Add(RankingInput record)
    {
        var text = _weighting!.Transform(TextTerms.Count(record.Text, TermOptions.Words), RankingFeatures.TextBuckets, signed: false, _minRecords);
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

    /// <summary>The top bits of the term's hash (the low bits pick its feature slot).</summary>
    private static int SketchBucket(ulong term) => (int)(term >> (64 - 25));

    public FeatureMatrix Build()
    {
        if (_pass != Passes) throw new InvalidOperationException($"{_pass} of {Passes} passes read");
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
