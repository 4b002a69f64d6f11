namespace Screener.Core.Dedup;

/// <summary>
/// Turns groups into merges: one record kept per group, and for each other record the rule that decided it.
/// The rule is the one that matches it with the kept record itself when one does; otherwise the link that actually
/// brought it into the group, naming the member it matched (never a reason that belongs to another pair).
/// </summary>
internal static class DuplicateResolver
{
    public static IReadOnlyList<DuplicateMatch> Resolve(DedupKeyed[] records, DuplicateGraph graph, HashSet<(int, int)> personSame,
        DedupSettings settings)
    {
        var evidence = new Dictionary<int, List<(int Other, DuplicateReason Reason, double Score)>>();
        foreach (var (a, b, reason, score) in graph.Edges)
        {
            Add(evidence, a, (b, reason, score));
            Add(evidence, b, (a, reason, score));
        }
        var matches = new List<DuplicateMatch>();
        foreach (var group in graph.Groups())
        {
            var open = group.Where(i => records[i].Candidate.DuplicateOfId is null).ToList();
            if (open.Count < 2) continue;
            var kept = open.OrderByDescending(i => records[i].Candidate.KeepsDuplicates).ThenByDescending(i => records[i].Candidate.HasDecisions)
                .ThenByDescending(i => records[i].Candidate.Completeness).ThenBy(i => records[i].Candidate.Id).First();
            foreach (var member in open.Where(i => i != kept).OrderBy(i => records[i].Candidate.Id))
            {
                var (keptId, memberId) = (records[kept].Candidate.Id, records[member].Candidate.Id);
                if (personSame.Contains(DuplicateFinder.Pair(kept, member)))
                    matches.Add(new DuplicateMatch(keptId, memberId, DuplicateReason.Person, 1.0));
                else if (Direct(records[kept], records[member], settings) is { } direct)
                    matches.Add(new DuplicateMatch(keptId, memberId, direct.Reason, Math.Round(direct.Score, 4)));
                else
                {
                    var (other, reason, score) = Joining(member, group, records, evidence);
                    matches.Add(new DuplicateMatch(keptId, memberId, reason, Math.Round(score, 4), records[other].Candidate.Id));
                }
            }
        }
        return matches;
    }

    /// <summary>The strongest rule that matches the two records with each other, or null when none does on its own.</summary>
    private static (DuplicateReason Reason, double Score)? Direct(DedupKeyed kept, DedupKeyed member, DedupSettings settings)
    {
        if (kept.Doi is not null && kept.Doi == member.Doi && MatchRules.Score(kept, member, DuplicateReason.Doi, settings) is { } d)
            return (DuplicateReason.Doi, d);
        if (kept.Pmid is not null && kept.Pmid == member.Pmid && MatchRules.Score(kept, member, DuplicateReason.Pmid, settings) is { } p)
            return (DuplicateReason.Pmid, p);
        if (kept.TitleKey.Length > 0 && kept.TitleKey == member.TitleKey
            && MatchRules.Score(kept, member, DuplicateReason.TitleYearAuthor, settings) is { } t)
            return (DuplicateReason.TitleYearAuthor, t);
        return MatchRules.Score(kept, member, DuplicateReason.FuzzyTitle, settings) is { } f ? (DuplicateReason.FuzzyTitle, f) : null;
    }

    /// <summary>
    /// The link that brought the record in: its own strongest link, else (a record kept by an earlier run, joined
    /// through one of its duplicates) the strongest link of a record merged into it.
    /// </summary>
    private static (int Other, DuplicateReason Reason, double Score) Joining(int member, IReadOnlyList<int> group, DedupKeyed[] records,
        Dictionary<int, List<(int Other, DuplicateReason Reason, double Score)>> evidence)
    {
        if (evidence.TryGetValue(member, out var own)) return own.MinBy(e => e.Reason);
        var id = records[member].Candidate.Id;
        var viaMerged = group.Where(i => records[i].Candidate.DuplicateOfId == id && evidence.ContainsKey(i))
            .SelectMany(i => evidence[i]).ToList();
        if (viaMerged.Count > 0) return viaMerged.MinBy(e => e.Reason);
        return group.Where(evidence.ContainsKey).SelectMany(i => evidence[i]).MinBy(e => e.Reason);
    }

    private static void Add<T>(Dictionary<int, List<T>> map, int key, T value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(value);
    }
}
