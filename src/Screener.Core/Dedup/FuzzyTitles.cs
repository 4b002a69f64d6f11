namespace Screener.Core.Dedup;

/// <summary>
/// Near-duplicate titles without comparing all pairs: each record is put in the blocks of its rarest title
/// words (those shared with at least one other record) and compared only within those blocks.
/// Only one record per group already found takes part, so word rarity and block sizes are what a later run
/// (which sees only the kept records) sees: running dedup again finds (almost) nothing new.
/// </summary>
internal static class FuzzyTitles
{
    /// <summary>Words too short to say anything about which work a title names.</summary>
    private const int MinWordLength = 3;

    public static void Link(DedupKeyed[] records, DuplicateGraph graph, DedupSettings settings)
    {
        var representative = graph.Representatives();
        var (words, frequency) = WordIds(records, representative);
        var blocks = new Dictionary<int, List<int>>();
        for (var i = 0; i < records.Length; i++)
        {
            if (!representative[i]) continue;
            var rare = words[i].Where(w => frequency[w] >= 2).ToArray();
            Array.Sort(rare, (x, y) => frequency[x] != frequency[y] ? frequency[x].CompareTo(frequency[y]) : x.CompareTo(y));
            foreach (var w in rare.Take(settings.BlockingWords))
            {
                if (!blocks.TryGetValue(w, out var block)) blocks[w] = block = [];
                block.Add(i);
            }
        }
        foreach (var block in blocks.Values)
        {
            if (block.Count < 2 || block.Count > settings.MaxBlockSize) continue;
            for (var x = 0; x < block.Count; x++)
                for (var y = x + 1; y < block.Count; y++)
                    TryLink(records, graph, block[x], block[y], settings);
        }
    }

    /// <summary>Each record's distinct title words as ids, and how many records use each id; looked up by span, no substrings.</summary>
    private static (int[][] Words, List<int> Frequency) WordIds(DedupKeyed[] records, bool[] representative)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var frequency = new List<int>();
        var words = new int[records.Length][];
        var current = new List<int>();
        for (var i = 0; i < records.Length; i++)
        {
            current.Clear();
            words[i] = [];
            if (!representative[i]) continue;
            var title = records[i].TitleWords.AsSpan();
            foreach (var range in title.Split(' '))
            {
                var word = title[range];
                if (word.Length < MinWordLength) continue;
                if (!lookup.TryGetValue(word, out var id))
                {
                    id = frequency.Count;
                    lookup[word] = id;
                    frequency.Add(0);
                }
                if (!current.Contains(id)) { current.Add(id); frequency[id]++; }
            }
            words[i] = [.. current];
        }
        return (words, frequency);
    }

    private static void TryLink(DedupKeyed[] records, DuplicateGraph graph, int a, int b, DedupSettings settings)
    {
        var (ta, tb) = (records[a].Trigrams.Length, records[b].Trigrams.Length);
        // Jaccard can reach the threshold only if the smaller set is at least threshold times the larger.
        if (Math.Min(ta, tb) < settings.FuzzyTitleThreshold * Math.Max(ta, tb) || graph.SameGroup(a, b)) return;
        if (MatchRules.Score(records[a], records[b], DuplicateReason.FuzzyTitle, settings) is { } score)
            graph.TryLink(a, b, DuplicateReason.FuzzyTitle, score);
    }
}
