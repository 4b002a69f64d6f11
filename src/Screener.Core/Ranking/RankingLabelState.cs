using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Ranking;

/// <summary>
/// What a queue ranking was computed from, in a few counts: the records labelled as the viewer may see them (every
/// title/abstract decision, or for a blinded reviewer settled records and their own, <see cref="ReviewLabels"/>), the
/// review's screening suggestions, and its unique records by count and id sum (changed by an import, a merge or its
/// undo). Cheap to read on every page load, so a page can tell whether the ranking it shows is due for recomputing.
/// </summary>
public sealed record RankingLabelState(int Labelled, int Suggestions, int Records, long RecordIdSum)
{
    public static async Task<RankingLabelState> ReadAsync(ScreenerDbContext db, long reviewId, long? blindedViewerId, CancellationToken cancellationToken)
    {
        var labelled = blindedViewerId is null
            ? await db.HumanDecisions.Where(d => d.ReviewId == reviewId && d.Stage == ReviewStage.TitleAbstract)
                .Select(d => d.RecordId).Distinct().CountAsync(cancellationToken)
            : (await ReviewLabels.VisibleDecisionsAsync(db, reviewId, blindedViewerId, cancellationToken)).Select(d => d.RecordId).Distinct().Count();
        return await ReadAsync(db, reviewId, labelled, cancellationToken);
    }

    /// <summary>The state from the decisions the viewer may see (<see cref="ReviewLabels.VisibleDecisionsAsync"/>), which the page has read already.</summary>
    public static Task<RankingLabelState> ReadAsync(
        ScreenerDbContext db, long reviewId, IEnumerable<ReviewLabels.VisibleDecision> visible, CancellationToken cancellationToken) =>
        ReadAsync(db, reviewId, visible.Select(d => d.RecordId).Distinct().Count(), cancellationToken);

    private static async Task<RankingLabelState> ReadAsync(ScreenerDbContext db, long reviewId, int labelled, CancellationToken cancellationToken)
    {
        var suggestions = await db.Suggestions.CountAsync(s => db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == reviewId && r.Stage == RunStage.Screening), cancellationToken);
        var unique = await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null).GroupBy(r => r.ReviewId)
            .Select(g => new { Count = g.Count(), IdSum = g.Sum(r => r.Id) }).SingleOrDefaultAsync(cancellationToken);
        return new RankingLabelState(labelled, suggestions, unique?.Count ?? 0, unique?.IdSum ?? 0L);
    }

    /// <summary>
    /// Whether a ranking computed at this state still serves at <paramref name="now"/>: the same suggestions and unique
    /// records (the stopping aid's expected includes must cover every unscreened record), and fewer new labels than a
    /// batch (5% more records labelled, at least one: the schedule `simulate` measures). A label changed in place (a
    /// reviewer correcting a slip) waits for the next batch.
    /// </summary>
    public bool StillServes(RankingLabelState now) =>
        SameRecordsAs(now) && now.Labelled >= Labelled && now.Labelled - Labelled < Math.Max(1, Labelled / 20);

    /// <summary>The same unique records and screening suggestions: what the queue's order without decisions depends on (<see cref="QueueOrder"/>).</summary>
    public bool SameRecordsAs(RankingLabelState now) =>
        Suggestions == now.Suggestions && Records == now.Records && RecordIdSum == now.RecordIdSum;
}
