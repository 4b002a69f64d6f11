using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Ranking;

/// <summary>What ranking learns from: screened records in the order they were first decided, with their label.</summary>
public sealed record ScreenedRecord(long RecordId, bool? Include);

/// <summary>
/// Title/abstract labels for the ranking, by its own rule on purpose (not <see cref="SettledDecisions"/>): recall first,
/// it learns from every decision as soon as it is made, and any include makes the record an include until an
/// adjudication settles it (a reviewer's include is kept until adjudicated); exclusions by everyone make it an exclude;
/// "unsure" only teaches nothing yet. For a blinded reviewer (dual review, not an adjudicator or admin) the labels come
/// only from settled records and that reviewer's own decisions, so nothing they read moves with a co-reviewer's decision.
/// </summary>
public static class ReviewLabels
{
    public static async Task<IReadOnlyList<ScreenedRecord>> RecallFirstLabelsAsync(
        ScreenerDbContext db, long reviewId, long? blindedViewerId, CancellationToken cancellationToken)
    {
        var decisions = await VisibleDecisionsAsync(db, reviewId, blindedViewerId, cancellationToken);
        var adjudicated = await db.Adjudications.Where(a => a.ReviewId == reviewId && a.Stage == ReviewStage.TitleAbstract)
            .ToDictionaryAsync(a => a.RecordId, a => a.Decision, cancellationToken);
        return decisions.GroupBy(d => d.RecordId)
            .OrderBy(g => g.Min(d => d.DecidedAt)).ThenBy(g => g.Min(d => d.Id))
            .Select(g => new ScreenedRecord(g.Key, Label(adjudicated.TryGetValue(g.Key, out var a) ? [a] : g.Select(d => d.Decision).ToList())))
            .ToList();
    }

    public sealed record VisibleDecision(long Id, long RecordId, ScreeningDecision Decision, DateTimeOffset DecidedAt);

    /// <summary>
    /// The title/abstract decisions a viewer's figures may be computed from: every one, or for a blinded reviewer
    /// those on settled records and their own (the independent decision: a change after unblinding teaches nothing).
    /// </summary>
    public static async Task<List<VisibleDecision>> VisibleDecisionsAsync(ScreenerDbContext db, long reviewId, long? blindedViewerId, CancellationToken cancellationToken)
    {
        var all = await db.HumanDecisions.Where(d => d.ReviewId == reviewId && d.Stage == ReviewStage.TitleAbstract)
            .Select(d => new { d.Id, d.RecordId, d.ReviewerId, Decision = d.BlindDecision ?? d.Decision, d.DecidedAt }).ToListAsync(cancellationToken);
        if (blindedViewerId is not { } viewer) return all.Select(d => new VisibleDecision(d.Id, d.RecordId, d.Decision, d.DecidedAt)).ToList();
        var settled = await SettledDecisions.ForStageAsync(db, reviewId, ReviewStage.TitleAbstract, cancellationToken);
        return all.Where(d => settled.ContainsKey(d.RecordId) || d.ReviewerId == viewer)
            .Select(d => new VisibleDecision(d.Id, d.RecordId, d.Decision, d.DecidedAt)).ToList();
    }

    public static bool? Label(IReadOnlyCollection<ScreeningDecision> decisions) =>
        decisions.Contains(ScreeningDecision.Include) ? true
        : decisions.Count > 0 && decisions.All(d => d == ScreeningDecision.Exclude) ? false
        : null;
}
