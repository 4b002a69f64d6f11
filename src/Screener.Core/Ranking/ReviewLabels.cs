using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Core.Ranking;

/// <summary>What ranking learns from: screened records in the order they were first decided, with their label.</summary>
public sealed record ScreenedRecord(long RecordId, bool? Include);

/// <summary>
/// Title/abstract labels from human decisions. An adjudication settles a record; otherwise any include makes it an
/// include (recall first: a reviewer's include is kept until adjudicated) and exclusions by everyone make it an
/// exclude. A record with only "unsure" decisions is screened but teaches nothing yet.
/// </summary>
public static class ReviewLabels
{
    public static async Task<IReadOnlyList<ScreenedRecord>> FromDecisionsAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var decisions = await db.HumanDecisions.Where(d => d.ReviewId == reviewId && d.Stage == ReviewStage.TitleAbstract)
            .Select(d => new { d.RecordId, d.Decision, d.DecidedAt, d.Id }).ToListAsync(cancellationToken);
        var adjudicated = await db.Adjudications.Where(a => a.ReviewId == reviewId && a.Stage == ReviewStage.TitleAbstract)
            .ToDictionaryAsync(a => a.RecordId, a => a.Decision, cancellationToken);
        return decisions.GroupBy(d => d.RecordId)
            .OrderBy(g => g.Min(d => d.DecidedAt)).ThenBy(g => g.Min(d => d.Id))
            .Select(g => new ScreenedRecord(g.Key, Label(adjudicated.TryGetValue(g.Key, out var a) ? [a] : g.Select(d => d.Decision).ToList())))
            .ToList();
    }

    public static bool? Label(IReadOnlyCollection<ScreeningDecision> decisions) =>
        decisions.Contains(ScreeningDecision.Include) ? true
        : decisions.Count > 0 && decisions.All(d => d == ScreeningDecision.Exclude) ? false
        : null;
}
