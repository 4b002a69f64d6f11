namespace Screener.Core.Tests.Architecture;

/// <summary>The strongly connected groups of a folder graph (Tarjan): each group of two or more folders is a cycle.</summary>
public static class FolderCycles
{
    public static IReadOnlyList<IReadOnlyList<string>> Find(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<IReadOnlyList<string>>();

        void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var next in Targets(edges, folder))
            {
                if (!index.ContainsKey(next)) { Visit(next); low[folder] = Math.Min(low[folder], low[next]); }
                else if (onStack.Contains(next)) low[folder] = Math.Min(low[folder], index[next]);
            }
            if (low[folder] != index[folder]) return;
            var group = new List<string>();
            string member;
            do { member = stack.Pop(); onStack.Remove(member); group.Add(member); } while (member != folder);
            if (group.Count > 1) groups.Add([.. group.Order(StringComparer.Ordinal)]);
        }

        foreach (var folder in edges.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(folder)) Visit(folder);
        return groups;
    }

    /// <summary>The edges inside one cycle, each with the type that makes it, so the message says what to move.</summary>
    public static IEnumerable<string> Describe(IReadOnlyList<string> group, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges) =>
        from source in @group
        from target in Targets(edges, source)
        where @group.Contains(target)
        select $"{source} -> {target} ({edges[source][target]})";

    private static IEnumerable<string> Targets(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges, string folder) =>
        edges.TryGetValue(folder, out var targets) ? targets.Keys.Order(StringComparer.Ordinal) : [];
}
