namespace Screener.Core.Evaluation;

public sealed record PairAgreement(string First, string Second, int Records, double? Percent, double? Kappa);

/// <summary>
/// Agreement between repeated runs (or reviewer slots) over the records every run decided: the share where all
/// runs agree, Fleiss' kappa over include / exclude / unsure, and Cohen's kappa for each pair.
/// </summary>
public sealed record RunAgreement(IReadOnlyList<string> Runs, int Records, double? AllAgree, double? FleissKappa, IReadOnlyList<PairAgreement> Pairs);

public static class RunAgreementCalculator
{
    /// <summary>Each run maps record id to its label; records missing from any run are left out of the multi-run figures.</summary>
    public static RunAgreement Compute(IReadOnlyList<(string Run, IReadOnlyDictionary<string, PredictedLabel> Labels)> runs)
    {
        if (runs.Count < 2) throw new ArgumentException("run-to-run agreement needs at least two runs", nameof(runs));
        var common = runs.Skip(1).Aggregate(
            new HashSet<string>(runs[0].Labels.Keys, StringComparer.Ordinal),
            (set, run) => { set.IntersectWith(run.Labels.Keys); return set; })
            .Order(StringComparer.Ordinal).ToList();
        var labels = Enum.GetValues<PredictedLabel>();
        var counts = common.Select(id => (IReadOnlyList<int>)labels.Select(l => runs.Count(r => r.Labels[id] == l)).ToList()).ToList();
        double? allAgree = common.Count == 0 ? null : (double)counts.Count(c => c.Max() == runs.Count) / common.Count;

        var pairs = new List<PairAgreement>();
        for (var a = 0; a < runs.Count; a++)
            for (var b = a + 1; b < runs.Count; b++)
            {
                var (first, second) = (runs[a], runs[b]);
                var ratings = first.Labels.Where(kv => second.Labels.ContainsKey(kv.Key))
                    .Select(kv => (kv.Value, second.Labels[kv.Key])).ToList();
                pairs.Add(new PairAgreement(first.Run, second.Run, ratings.Count,
                    AgreementMetrics.PercentAgreement(ratings), AgreementMetrics.CohenKappa(ratings)));
            }
        return new RunAgreement(runs.Select(r => r.Run).ToList(), common.Count, allAgree, AgreementMetrics.FleissKappa(counts), pairs);
    }

    /// <summary>
    /// The label most runs gave; a tie between the top labels is unsure, since the runs themselves disagree.
    /// </summary>
    public static PredictedLabel Majority(IEnumerable<PredictedLabel> votes)
    {
        var ranked = votes.GroupBy(v => v).Select(g => (Label: g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ToList();
        if (ranked.Count == 0) throw new ArgumentException("a majority needs at least one vote", nameof(votes));
        return ranked.Count > 1 && ranked[0].Count == ranked[1].Count ? PredictedLabel.Unsure : ranked[0].Label;
    }
}
