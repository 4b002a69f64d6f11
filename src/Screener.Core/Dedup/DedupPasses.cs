namespace Screener.Core.Dedup;

/// <summary>
/// The merges of one dedup run, pass by pass (each pass's fields are copied after the previous pass's), and whether
/// the run reached a fixed point: a last pass that found nothing, so running dedup again finds nothing either.
/// </summary>
public sealed record DedupRun(IReadOnlyList<IReadOnlyList<PlannedMerge>> Passes, bool Settled)
{
    public IEnumerable<PlannedMerge> Merges => Passes.SelectMany(p => p);
}

/// <summary>
/// Runs <see cref="DuplicateFinder"/> again on its own result until it finds nothing new: each pass sees what a later
/// run would see (merged records as members of their groups, kept records with the fields they gained, smaller
/// blocks), so a run ends where the next would start. Bounded by <see cref="DedupSettings.MaxPasses"/>.
/// </summary>
public static class DedupPasses
{
    public static DedupRun Run(IReadOnlyList<DedupCandidate> candidates, DedupSettings? settings = null, PairDecisions? decisions = null)
    {
        settings ??= DedupSettings.Default;
        var current = candidates.ToList();
        var passes = new List<IReadOnlyList<PlannedMerge>>();
        for (var pass = 0; pass < settings.MaxPasses; pass++)
        {
            var matches = DuplicateFinder.Find(current, settings, decisions);
            if (matches.Count == 0) return new DedupRun(passes, Settled: true);
            var byId = current.ToDictionary(c => c.Id);
            var plan = MergePlanner.Plan(matches, byId);
            passes.Add(plan);
            foreach (var merge in plan) Apply(byId, merge);
            current = current.Select(c => byId[c.Id]).ToList();
        }
        return new DedupRun(passes, Settled: false);
    }

    /// <summary>What the database holds after the merge: the duplicate points at the kept record, which gained the filled fields.</summary>
    private static void Apply(Dictionary<long, DedupCandidate> byId, PlannedMerge merge)
    {
        var (kept, dup) = (byId[merge.Match.KeptId], byId[merge.Match.DuplicateId]);
        byId[dup.Id] = dup with { DuplicateOfId = kept.Id };
        var f = merge.FilledFields;
        byId[kept.Id] = kept with
        {
            KeepsDuplicates = true,
            HasAbstract = kept.HasAbstract || f.Contains(MergePlanner.Abstract),
            AbstractShingles = f.Contains(MergePlanner.Abstract) ? dup.AbstractShingles : kept.AbstractShingles,
            Authors = f.Contains(MergePlanner.Authors) ? dup.Authors : kept.Authors,
            Year = f.Contains(MergePlanner.Year) ? dup.Year : kept.Year,
            Journal = f.Contains(MergePlanner.Journal) ? dup.Journal : kept.Journal,
            Doi = f.Contains(MergePlanner.Doi) ? dup.Doi : kept.Doi,
            Pmid = f.Contains(MergePlanner.Pmid) ? dup.Pmid : kept.Pmid,
            KeywordCount = f.Contains(MergePlanner.Keywords) ? dup.KeywordCount : kept.KeywordCount,
        };
    }
}
