namespace Screener.Core.Records.Dedup;

/// <summary>Records joined into groups (union-find) with the evidence that joined each pair.</summary>
internal sealed class DuplicateGraph(int size)
{
    private readonly int[] _parent = Enumerable.Range(0, size).ToArray();
    private readonly List<(int A, int B, DuplicateReason Reason, double Score)> _edges = [];

    public bool SameGroup(int a, int b) => Root(a) == Root(b);

    public void Link(int a, int b, DuplicateReason reason, double score)
    {
        var (ra, rb) = (Root(a), Root(b));
        if (ra == rb) return;
        _parent[rb] = ra;
        _edges.Add((a, b, reason, score));
    }

    /// <summary>One match per non-kept member of each group, with the strongest evidence that touches it.</summary>
    public IReadOnlyList<DuplicateMatch> Resolve(DedupKeyed[] records)
    {
        var evidence = new Dictionary<int, List<(int Other, DuplicateReason Reason, double Score)>>();
        foreach (var (a, b, reason, score) in _edges)
        {
            Add(evidence, a, (b, reason, score));
            Add(evidence, b, (a, reason, score));
        }
        var matches = new List<DuplicateMatch>();
        var groups = evidence.Keys.GroupBy(Root).OrderBy(g => g.Min());
        foreach (var group in groups)
        {
            var kept = group.Select(i => records[i].Candidate)
                .OrderByDescending(c => c.KeepsDuplicates).ThenByDescending(c => c.HasDecisions).ThenByDescending(c => c.Completeness).ThenBy(c => c.Id).First();
            var keptIndex = group.First(i => records[i].Candidate.Id == kept.Id);
            foreach (var member in group.Where(i => i != keptIndex).OrderBy(i => records[i].Candidate.Id))
            {
                var edges = evidence[member];
                var best = edges.Where(e => e.Other == keptIndex).DefaultIfEmpty(edges.MinBy(e => e.Reason)).First();
                matches.Add(new DuplicateMatch(kept.Id, records[member].Candidate.Id, best.Reason, Math.Round(best.Score, 4)));
            }
        }
        return matches;
    }

    private static void Add<T>(Dictionary<int, List<T>> map, int key, T value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(value);
    }

    /// <summary>The first record (lowest index) of each group: the one record per group the fuzzy stage looks at.</summary>
    public bool[] Representatives()
    {
        var seen = new HashSet<int>();
        return Enumerable.Range(0, _parent.Length).Select(i => seen.Add(Root(i))).ToArray();
    }

    private int Root(int i)
    {
        while (_parent[i] != i) i = _parent[i] = _parent[_parent[i]];
        return i;
    }
}
