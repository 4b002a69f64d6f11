using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Ranking;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;

namespace Screener.Core.HumanScreening;

public sealed record QueueEntry(long RecordId, double? InclusionProbability);

/// <summary>
/// The order in which records are offered to reviewers: records with a title/abstract decision in the order they
/// were first decided, then the unscreened in the order of the last <see cref="QueueRanking"/> (the read model's,
/// <see cref="QueueRankings"/>, which may be older than the last decisions), then any record that ranking has not
/// seen (all of them before the first ranking) by <see cref="Order"/> (the LLM's inclusion probability, highest
/// first; records without suggestions last; then record id).
/// </summary>
public static class ScreeningQueue
{
    public static IReadOnlyList<QueueEntry> Order(IEnumerable<QueueEntry> entries) =>
        entries.OrderByDescending(e => e.InclusionProbability ?? -1).ThenBy(e => e.RecordId).ToList();

    /// <summary>Every unique (not merged-away) record of the review, in the review's shared queue order, ranked now (tests and the CLI).</summary>
    public static async Task<IReadOnlyList<QueueEntry>> LoadAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken) =>
        await LoadAsync(db, reviewId, null, await QueueRanking.ComputeAsync(db, reviewId, null, TimeProvider.System, cancellationToken), cancellationToken);

    /// <summary>
    /// The queue as a blinded reviewer may see it: only settled records and their own decisions place a record among
    /// the decided or move the ranking, so no position moves when a co-reviewer decides (null: the shared order).
    /// <paramref name="ranking"/>: the last ranking for that viewer (null: none yet).
    /// </summary>
    public static async Task<IReadOnlyList<QueueEntry>> LoadAsync(
        ScreenerDbContext db, long reviewId, long? blindedViewerId, QueueRanking? ranking, CancellationToken cancellationToken)
    {
        var ids = await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null)
            .Select(r => r.Id).ToListAsync(cancellationToken);
        var byRecord = await InclusionProbability.ByRecordAsync(db, reviewId, cancellationToken);
        var decided = blindedViewerId is null
            ? await db.HumanDecisions.Where(d => d.ReviewId == reviewId && d.Stage == ReviewStage.TitleAbstract)
                .GroupBy(d => d.RecordId).Select(g => new { RecordId = g.Key, First = g.Min(d => d.DecidedAt) }).ToListAsync(cancellationToken)
            : (await ReviewLabels.VisibleDecisionsAsync(db, reviewId, blindedViewerId, cancellationToken))
                .GroupBy(d => d.RecordId).Select(g => new { RecordId = g.Key, First = g.Min(d => d.DecidedAt) }).ToList();
        var ranked = ranking?.Order ?? [];
        var entries = ids.Select(id => new QueueEntry(id, byRecord.TryGetValue(id, out var p) ? p : null)).ToDictionary(e => e.RecordId);
        // Records already decided keep their place in the order they were first decided, so "previous" stays the
        // record one just screened; the unscreened follow in ranked order (the last ranking may still hold records
        // decided since it was computed: they are in the first part).
        var decidedIds = decided.OrderBy(d => d.First).ThenBy(d => d.RecordId).Select(d => d.RecordId).Where(entries.ContainsKey).ToList();
        var placed = decidedIds.ToHashSet();
        var rankedIds = ranked.Where(id => entries.ContainsKey(id) && placed.Add(id)).ToList();
        return [.. decidedIds.Select(id => entries[id]), .. rankedIds.Select(id => entries[id]),
            .. Order(entries.Values.Where(e => !placed.Contains(e.RecordId)))];
    }
}
