namespace Screener.Core.Records.Dedup;

/// <summary>
/// Near-duplicate titles without comparing all pairs: each record is put in the blocks of its rarest title
/// words (those shared with at least one other record) and compared only within those blocks.
/// </summary>
internal static class FuzzyTitles
{
    /// <summary>Words too short or too common to say anything about which work a title names.</summary>
    private const int MinWordLength = 3;

    public static void Link(DedupKeyed[] records, DuplicateGraph graph, DedupSettings settings)
    {
        var words = records.Select(r => r.TitleWords.Split(' ').Where(w => w.Length >= MinWordLength).Distinct().ToArray()).ToArray();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in words.SelectMany(ws => ws)) frequency[w] = frequency.GetValueOrDefault(w) + 1;

        var blocks = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Length; i++)
            foreach (var w in words[i].Where(w => frequency[w] >= 2).OrderBy(w => frequency[w]).ThenBy(w => w, StringComparer.Ordinal).Take(settings.BlockingWords))
            {
                if (!blocks.TryGetValue(w, out var block)) blocks[w] = block = [];
                block.Add(i);
            }

        foreach (var block in blocks.Values.Where(b => b.Count is > 1 && b.Count <= settings.MaxBlockSize))
            for (var x = 0; x < block.Count; x++)
                for (var y = x + 1; y < block.Count; y++)
                    TryLink(records, graph, block[x], block[y], settings);
    }

    private static void TryLink(DedupKeyed[] records, DuplicateGraph graph, int a, int b, DedupSettings settings)
    {
        if (graph.SameGroup(a, b)) return;
        var (ta, tb) = (records[a].Trigrams.Length, records[b].Trigrams.Length);
        // Jaccard can reach the threshold only if the smaller set is at least threshold times the larger.
        if (Math.Min(ta, tb) < settings.FuzzyTitleThreshold * Math.Max(ta, tb)) return;
        if (MatchRules.Score(records[a], records[b], DuplicateReason.FuzzyTitle, settings) is { } score)
            graph.Link(a, b, DuplicateReason.FuzzyTitle, score);
    }
}
