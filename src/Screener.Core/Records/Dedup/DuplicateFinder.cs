namespace Screener.Core.Records.Dedup;

/// <summary>
/// Finds duplicate groups in stages of falling certainty: same DOI, same PMID, same normalised title with
/// compatible year and first author, then similar titles within blocks of records sharing rare title words.
/// Each group keeps one record (one that already keeps duplicates, else one humans decided on, else the most
/// complete, else the oldest).
/// </summary>
public static class DuplicateFinder
{
    public static IReadOnlyList<DuplicateMatch> Find(IReadOnlyList<DedupCandidate> candidates, DedupSettings? settings = null)
    {
        settings ??= DedupSettings.Default;
        var records = candidates.Select(c => new DedupKeyed(c)).ToArray();
        var graph = new DuplicateGraph(records.Length);
        LinkEqual(records, graph, r => r.Doi, DuplicateReason.Doi, settings);
        LinkEqual(records, graph, r => r.Pmid, DuplicateReason.Pmid, settings);
        LinkEqual(records, graph, r => r.TitleKey.Length > 0 ? r.TitleKey : null, DuplicateReason.TitleYearAuthor, settings);
        FuzzyTitles.Link(records, graph, settings);
        return graph.Resolve(records);
    }

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
                    var score = MatchRules.Score(records[a], records[b], reason, settings);
                    if (score is null) continue;
                    graph.Link(a, b, reason, score.Value);
                    break;
                }
    }
}
