namespace Screener.Core.Embeddings;

/// <summary>
/// Counts in how many records each term occurs, one record at a time, so that a corpus can be streamed from the
/// database once to fit the weighting and once more to weigh each record (<see cref="TermWeighting"/>).
/// </summary>
public sealed class DocumentFrequencyCounter(TermOptions options)
{
    private readonly Dictionary<ulong, int> _documentFrequency = [];
    private int _documents;

    /// <summary>One record's distinct terms.</summary>
    public void Add(IEnumerable<ulong> terms)
    {
        _documents++;
        foreach (var term in terms) _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
    }

    /// <summary>The weighting of the records added so far (the counter must not be added to afterwards).</summary>
    public TermWeighting ToWeighting() => new(_documentFrequency, _documents, options);
}
