namespace Screener.Core.Embeddings;

/// <summary>
/// Document frequencies of one corpus (a review's records): what TF-IDF needs besides the text. Recomputing from
/// the same records gives the same statistics, so only the records and the model name need storing.
/// </summary>
public sealed class TermWeighting
{
    private readonly Dictionary<ulong, int> _documentFrequency;

    internal TermWeighting(Dictionary<ulong, int> documentFrequency, int documents, TermOptions options)
    {
        _documentFrequency = documentFrequency;
        Documents = documents;
        Options = options;
    }

    public int Documents { get; }
    public TermOptions Options { get; }

    /// <summary>
    /// Fits on the corpus one record's counts at a time: <paramref name="corpusCounts"/> may be a lazy sequence, so no
    /// record's counts need outlive its turn (a 100,000-record review's character n-gram counts held at once took gigabytes).
    /// </summary>
    public static TermWeighting Fit(IEnumerable<Dictionary<ulong, int>> corpusCounts, TermOptions options)
    {
        var counter = new DocumentFrequencyCounter(options);
        foreach (var counts in corpusCounts) counter.Add(counts.Keys);
        return counter.ToWeighting();
    }

    /// <summary>Smoothed IDF as scikit-learn computes it: ln((1 + N) / (1 + df)) + 1; unseen terms get the rarest weight.</summary>
    public double Idf(ulong term) => Math.Log((1.0 + Documents) / (1.0 + _documentFrequency.GetValueOrDefault(term))) + 1.0;

    /// <summary>How many records of the corpus contain <paramref name="term"/>.</summary>
    public int DocumentFrequency(ulong term) => _documentFrequency.GetValueOrDefault(term);

    /// <summary>
    /// Sublinear TF-IDF (1 + ln tf) folded into <paramref name="buckets"/> hashed slots and L2-normalised. With
    /// <paramref name="signed"/> each term adds with a hash-derived sign, so collisions cancel on average instead of piling up.
    /// Terms found in fewer than <paramref name="minDocuments"/> records of the corpus are left out before normalising
    /// (scikit-learn's min_df); 1 keeps every term of the corpus.
    /// </summary>
    public SparseVector Transform(Dictionary<ulong, int> counts, int buckets, bool signed, int minDocuments = 1)
    {
        var pairs = new Dictionary<int, double>(counts.Count);
        foreach (var (term, tf) in counts)
        {
            if (minDocuments > 1 && DocumentFrequency(term) < minDocuments) continue;
            var index = (int)(term % (ulong)buckets);
            var weight = (1.0 + Math.Log(tf)) * Idf(term);
            if (signed && (term >> 63) == 1) weight = -weight;
            pairs[index] = pairs.GetValueOrDefault(index) + weight;
        }
        return SparseVector.FromPairsNormalised(pairs);
    }
}
