using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Core.Decisions;

/// <summary>
/// The settled human decision per unique record at a stage: an adjudication wins; otherwise the humans'
/// decisions when they all agree. Unsure and conflicting records are not settled.
/// </summary>
public static class SettledDecisions
{
    public static async Task<Dictionary<long, ScreeningDecision>> ForStageAsync(
        ScreenerDbContext db, long reviewId, ReviewStage stage, CancellationToken ct)
    {
        var adjudicated = await db.Adjudications.Where(a => a.ReviewId == reviewId && a.Stage == stage)
            .ToDictionaryAsync(a => a.RecordId, a => a.Decision, ct);
        var human = await db.HumanDecisions
            .Where(d => d.ReviewId == reviewId && d.Stage == stage)
            .Where(d => db.Records.Any(r => r.Id == d.RecordId && r.DuplicateOfId == null))
            .Select(d => new { d.RecordId, d.Decision }).ToListAsync(ct);
        foreach (var group in human.Where(d => !adjudicated.ContainsKey(d.RecordId)).GroupBy(d => d.RecordId))
        {
            var decisions = group.Select(d => d.Decision).Distinct().ToList();
            if (decisions is [var only] && only != ScreeningDecision.Unsure) adjudicated[group.Key] = only;
        }
        return adjudicated;
    }
}
