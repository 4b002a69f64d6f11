namespace Screener.Core.Dedup;

/// <summary>A merge to make: the match, and which of the kept record's empty fields the duplicate fills.</summary>
public sealed record PlannedMerge(DuplicateMatch Match, IReadOnlyList<string> FilledFields);

/// <summary>Decides which missing fields each kept record takes from its duplicates (first duplicate that has one wins).</summary>
public static class MergePlanner
{
    public const string Abstract = "Abstract", Authors = "Authors", Year = "Year", Journal = "Journal", Doi = "Doi",
        Pmid = "Pmid", Keywords = "Keywords";

    public static IReadOnlyList<PlannedMerge> Plan(IReadOnlyList<DuplicateMatch> matches, IReadOnlyDictionary<long, DedupCandidate> records)
    {
        var filled = new Dictionary<long, HashSet<string>>();
        var plan = new List<PlannedMerge>(matches.Count);
        foreach (var match in matches)
        {
            var kept = records[match.KeptId];
            var dup = records[match.DuplicateId];
            if (!filled.TryGetValue(kept.Id, out var has)) filled[kept.Id] = has = Present(kept);
            var fields = Present(dup).Where(f => has.Add(f)).ToList();
            plan.Add(new PlannedMerge(match, fields));
        }
        return plan;
    }

    private static HashSet<string> Present(DedupCandidate r)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (r.HasAbstract) set.Add(Abstract);
        if (r.Authors.Count > 0) set.Add(Authors);
        if (r.Year is not null) set.Add(Year);
        if (!string.IsNullOrWhiteSpace(r.Journal)) set.Add(Journal);
        if (!string.IsNullOrWhiteSpace(r.Doi)) set.Add(Doi);
        if (!string.IsNullOrWhiteSpace(r.Pmid)) set.Add(Pmid);
        if (r.KeywordCount > 0) set.Add(Keywords);
        return set;
    }
}
