namespace Screener.Core.Dedup;

/// <summary>What people said about pairs of records: the same work (merge them), or not (never merge them).</summary>
public sealed record PairDecisions(IReadOnlyCollection<(long A, long B)> Same, IReadOnlyCollection<(long A, long B)> NotSame)
{
    public static PairDecisions None { get; } = new([], []);
}

/// <summary>
/// Finds duplicate groups in stages of falling certainty: people's merges, same DOI, same PMID, same normalised
/// title with compatible year and first author, then similar titles within blocks of records sharing rare title
/// words. A group grows only when every pair in it stays compatible (<see cref="GroupCompatibility"/>, people's
/// "not the same"). Records an earlier run merged take part as members of their group and are never reported again.
/// Each group keeps one record (one that already keeps duplicates, else one humans decided on, else the most
/// complete, else the oldest).
/// </summary>
public static class DuplicateFinder
{
    public static IReadOnlyList<DuplicateMatch> Find(IReadOnlyList<DedupCandidate> candidates, DedupSettings? settings = null,
        PairDecisions? decisions = null)
    {
        settings ??= DedupSettings.Default;
        decisions ??= PairDecisions.None;
        var records = candidates.Select(c => new DedupKeyed(c)).ToArray();
        var index = new Dictionary<long, int>(records.Length);
        for (var i = 0; i < records.Length; i++) index[records[i].Candidate.Id] = i;
        var notSame = Pairs(decisions.NotSame, index);
        var graph = new DuplicateGraph(records.Length,
            (x, y) => !notSame.Contains(Pair(x, y)) && GroupCompatibility.Conflict(records[x], records[y], settings) is null);
        for (var i = 0; i < records.Length; i++)
            if (records[i].Candidate.DuplicateOfId is { } kept && index.TryGetValue(kept, out var k)) graph.Force(i, k);
        foreach (var (a, b) in Pairs(decisions.Same, index).Order()) graph.Force(a, b, DuplicateReason.Person);
        LinkEqual(records, graph, r => r.Doi, DuplicateReason.Doi, settings);
        LinkEqual(records, graph, r => r.Pmid, DuplicateReason.Pmid, settings);
        LinkEqual(records, graph, r => r.TitleKey.Length > 0 ? r.TitleKey : null, DuplicateReason.TitleYearAuthor, settings);
        FuzzyTitles.Link(records, graph, settings);
        return DuplicateResolver.Resolve(records, graph, Pairs(decisions.Same, index), settings);
    }

    internal static (int, int) Pair(int x, int y) => x < y ? (x, y) : (y, x);

    private static HashSet<(int, int)> Pairs(IEnumerable<(long A, long B)> pairs, Dictionary<long, int> index) =>
        pairs.Where(p => index.ContainsKey(p.A) && index.ContainsKey(p.B) && p.A != p.B).Select(p => Pair(index[p.A], index[p.B])).ToHashSet();

    private static void LinkEqual(DedupKeyed[] records, DuplicateGraph graph, Func<DedupKeyed, string?> key,
        DuplicateReason reason, DedupSettings settings)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Length; i++)
            if (key(records[i]) is { } k)
            {
                if (!groups.TryGetValue(k, out var list)) groups[k] = list = [];
                list.Add(i);
            }
        foreach (var members in groups.Values)
            for (var m = 1; m < members.Count; m++)
                for (var e = 0; e < Math.Min(m, settings.MaxBlockSize); e++)
                {
                    var (a, b) = (members[e], members[m]);
                    if (graph.SameGroup(a, b)) break;
                    // A refused link (incompatible with someone in the other group) tries the next earlier record.
                    if (MatchRules.Score(records[a], records[b], reason, settings) is { } score && graph.TryLink(a, b, reason, score)) break;
                }
    }
}
