namespace Screener.Core.Dedup;

/// <summary>
/// Records joined into groups (union-find with member lists) with the evidence that joined each pair. Two groups
/// are joined only when every pair across them is compatible: a link is decided for the whole group, never by
/// transitivity through one member.
/// </summary>
internal sealed class DuplicateGraph
{
    private readonly int[] _parent;
    private readonly List<int>[] _members;
    private readonly Func<int, int, bool> _compatible;
    private readonly List<(int A, int B, DuplicateReason Reason, double Score)> _edges = [];

    /// <param name="compatible">Whether two records may share a group (<see cref="GroupCompatibility"/> and people's decisions).</param>
    public DuplicateGraph(int size, Func<int, int, bool> compatible)
    {
        _parent = Enumerable.Range(0, size).ToArray();
        _members = Enumerable.Range(0, size).Select(i => new List<int> { i }).ToArray();
        _compatible = compatible;
    }

    /// <summary>Links found by this graph (not counting groups it was given).</summary>
    public int LinkCount => _edges.Count;

    public bool SameGroup(int a, int b) => Root(a) == Root(b);

    /// <summary>Joins the two records' groups when every pair across them is compatible; false (nothing joined) otherwise.</summary>
    public bool TryLink(int a, int b, DuplicateReason reason, double score)
    {
        var (ra, rb) = (Root(a), Root(b));
        if (ra == rb) return true;
        foreach (var x in _members[ra])
            foreach (var y in _members[rb])
                if (!_compatible(x, y)) return false;
        Join(ra, rb);
        _edges.Add((a, b, reason, score));
        return true;
    }

    /// <summary>Joins without checking: a group an earlier run formed (no reason: not a new link) or a person's merge.</summary>
    public void Force(int a, int b, DuplicateReason? reason = null)
    {
        var (ra, rb) = (Root(a), Root(b));
        if (ra == rb) return;
        Join(ra, rb);
        if (reason is { } r) _edges.Add((a, b, r, 1.0));
    }

    /// <summary>Every group of two or more records, each as its member indexes in ascending order, groups by their first member.</summary>
    public IEnumerable<IReadOnlyList<int>> Groups() =>
        Enumerable.Range(0, _parent.Length).Where(i => Root(i) == i && _members[i].Count > 1)
            .Select(i => (IReadOnlyList<int>)_members[i].Order().ToList()).OrderBy(g => g[0]);

    /// <summary>The pairs this graph linked, each with the rule that decided it.</summary>
    public IReadOnlyList<(int A, int B, DuplicateReason Reason, double Score)> Edges => _edges;

    /// <summary>The first record (lowest index) of each group: the one record per group the fuzzy stage looks at.</summary>
    public bool[] Representatives()
    {
        var seen = new HashSet<int>();
        return Enumerable.Range(0, _parent.Length).Select(i => seen.Add(Root(i))).ToArray();
    }

    private void Join(int ra, int rb)
    {
        if (_members[ra].Count < _members[rb].Count) (ra, rb) = (rb, ra);
        _parent[rb] = ra;
        _members[ra].AddRange(_members[rb]);
        _members[rb] = [];
    }

    private int Root(int i)
    {
        while (_parent[i] != i) i = _parent[i] = _parent[_parent[i]];
        return i;
    }
}
