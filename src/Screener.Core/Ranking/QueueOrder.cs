using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Core.Ranking;

/// <summary>A struct: the read model holds one per record of each review and viewer, which the collector need not trace.</summary>
public readonly record struct QueueEntry(long RecordId, double? InclusionProbability);

/// <summary>
/// The review queue's order of every unique record before decisions place any first (the screening queue puts the
/// decided ones first, <see cref="HumanScreening.ScreeningQueue"/>): the ranking's order, then each record it has not
/// seen (all of them before the first ranking) by <see cref="Order"/>. It changes only with the records, the LLM's
/// suggestions or the ranking, so the read model keeps it (<see cref="QueueRankings.BaseQueueAsync"/>) instead of
/// reading a 100,000-record review's ids and suggestions on every page load.
/// </summary>
public static class QueueOrder
{
    /// <summary>The LLM's inclusion probability, highest first; records without suggestions last; then record id.</summary>
    public static IReadOnlyList<QueueEntry> Order(IEnumerable<QueueEntry> entries) =>
        entries.OrderByDescending(e => e.InclusionProbability ?? -1).ThenBy(e => e.RecordId).ToList();

    /// <summary>The review's unique records now, in <paramref name="ranked"/>'s order (null: no ranking yet), then the rest by <see cref="Order"/>.</summary>
    public static async Task<IReadOnlyList<QueueEntry>> LoadAsync(
        ScreenerDbContext db, long reviewId, IReadOnlyList<long>? ranked, CancellationToken cancellationToken)
    {
        var ids = await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null)
            .Select(r => r.Id).ToListAsync(cancellationToken);
        var byRecord = await InclusionProbability.ByRecordAsync(db, reviewId, cancellationToken);
        var entries = ids.Select(id => new QueueEntry(id, byRecord.TryGetValue(id, out var p) ? p : null)).ToDictionary(e => e.RecordId);
        var placed = new HashSet<long>(entries.Count);
        var rankedEntries = (ranked ?? []).Where(id => entries.ContainsKey(id) && placed.Add(id)).Select(id => entries[id]).ToList();
        return [.. rankedEntries, .. Order(entries.Values.Where(e => !placed.Contains(e.RecordId)))];
    }
}
