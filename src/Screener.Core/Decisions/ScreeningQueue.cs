using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Ranking;
using Screener.Core.Screening;

namespace Screener.Core.Decisions;

public sealed record QueueEntry(long RecordId, double? InclusionProbability);

/// <summary>
/// The order in which records are offered to reviewers: unscreened records in the active-learning order of
/// <see cref="QueueRanking"/>, then the rest by <see cref="Order"/> (the LLM's inclusion probability, highest first;
/// records without suggestions last; then record id).
/// </summary>
public static class ScreeningQueue
{
    public static IReadOnlyList<QueueEntry> Order(IEnumerable<QueueEntry> entries) =>
        entries.OrderByDescending(e => e.InclusionProbability ?? -1).ThenBy(e => e.RecordId).ToList();

    /// <summary>Every unique (not merged-away) record of the review, in queue order.</summary>
    public static async Task<IReadOnlyList<QueueEntry>> LoadAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var ids = await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null)
            .Select(r => r.Id).ToListAsync(cancellationToken);
        var votes = await db.Suggestions
            .Where(s => s.Status == SuggestionStatus.Parsed && s.Decision != null && db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == reviewId))
            .Select(s => new { s.RecordId, Decision = s.Decision!.Value }).ToListAsync(cancellationToken);
        var byRecord = votes.GroupBy(v => v.RecordId).ToDictionary(g => g.Key, g => SuggestionRouting.InclusionProbability(g.Select(v => v.Decision).ToList()));
        var ranked = await QueueRanking.OrderAsync(db, reviewId, cancellationToken);
        var rank = ranked.Select((id, position) => (id, position)).ToDictionary(p => p.id, p => p.position);
        var entries = ids.Select(id => new QueueEntry(id, byRecord.GetValueOrDefault(id))).ToList();
        return [.. entries.Where(e => rank.ContainsKey(e.RecordId)).OrderBy(e => rank[e.RecordId]),
            .. Order(entries.Where(e => !rank.ContainsKey(e.RecordId)))];
    }
}
