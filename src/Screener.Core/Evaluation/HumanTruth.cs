using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Core.Evaluation;

/// <summary>The human label of each record at one stage, as the review itself would settle it.</summary>
public static class HumanTruth
{
    public static async Task<Dictionary<long, bool>> LoadAsync(
        ScreenerDbContext db, long reviewId, ReviewStage stage, List<string> notes, CancellationToken cancellationToken)
    {
        var decisions = await db.HumanDecisions.Where(d => d.ReviewId == reviewId && d.Stage == stage)
            .Select(d => new { d.RecordId, d.Decision }).ToListAsync(cancellationToken);
        var adjudications = await db.Adjudications.Where(a => a.ReviewId == reviewId && a.Stage == stage)
            .OrderBy(a => a.DecidedAt).ThenBy(a => a.Id)
            .Select(a => new { a.RecordId, a.Decision }).ToListAsync(cancellationToken);
        var latestAdjudication = new Dictionary<long, ScreeningDecision>();
        foreach (var a in adjudications) latestAdjudication[a.RecordId] = a.Decision;
        var resolved = Resolve(decisions.GroupBy(d => d.RecordId).ToDictionary(g => g.Key, g => (IReadOnlyList<ScreeningDecision>)g.Select(d => d.Decision).ToList()),
            latestAdjudication, out var conflicts, out var unsure);
        if (conflicts > 0) notes.Add($"truth: {conflicts} record(s) with conflicting human decisions and no adjudication are left out");
        if (unsure > 0) notes.Add($"truth: {unsure} record(s) whose human decision is unsure are left out");
        return resolved;
    }

    /// <summary>
    /// An adjudication settles a record; otherwise the reviewers' decisions count when they all agree. Conflicts
    /// and unsure human decisions give no label: guessing one would put the guess into the gold standard.
    /// </summary>
    public static Dictionary<long, bool> Resolve(IReadOnlyDictionary<long, IReadOnlyList<ScreeningDecision>> decisions,
        IReadOnlyDictionary<long, ScreeningDecision> adjudications, out int conflicts, out int unsure)
    {
        conflicts = 0;
        unsure = 0;
        var truth = new Dictionary<long, bool>();
        foreach (var record in decisions.Keys.Union(adjudications.Keys))
        {
            ScreeningDecision? settled = adjudications.TryGetValue(record, out var a) ? a
                : decisions[record].Distinct().Count() == 1 ? decisions[record][0] : null;
            if (settled is null) conflicts++;
            else if (settled == ScreeningDecision.Unsure) unsure++;
            else truth[record] = settled == ScreeningDecision.Include;
        }
        return truth;
    }
}
