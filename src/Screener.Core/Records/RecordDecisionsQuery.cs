using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Core.Records;

/// <summary>Per record of a review: the settled human decision of each stage and the latest parsed LLM suggestion.</summary>
public static class RecordDecisionsQuery
{
    public static async Task<Dictionary<long, RecordDecisions>> RunAsync(ScreenerDbContext db, long reviewId, CancellationToken ct)
    {
        var human = (await db.HumanDecisions.AsNoTracking().Where(d => d.ReviewId == reviewId)
            .Select(d => new { d.RecordId, d.Stage, d.Decision, d.ExclusionReason }).ToListAsync(ct))
            .ToLookup(d => (d.RecordId, d.Stage), d => (d.Decision, d.ExclusionReason));
        var adjudicated = (await db.Adjudications.AsNoTracking().Where(a => a.ReviewId == reviewId)
            .Select(a => new { a.RecordId, a.Stage, a.Decision, a.ExclusionReason }).ToListAsync(ct))
            .ToDictionary(a => (a.RecordId, a.Stage), a => (a.Decision, a.ExclusionReason));
        var suggestions = (await db.Suggestions.AsNoTracking()
                .Where(s => s.Status == SuggestionStatus.Parsed && db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == reviewId))
                .Select(s => new { s.Id, s.RecordId, s.Decision, s.Confidence, s.ExclusionReason, s.Flags, s.Audit.CreatedAt })
                .ToListAsync(ct))
            .GroupBy(s => s.RecordId).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).First());

        var ids = human.Select(g => g.Key.RecordId).Concat(adjudicated.Keys.Select(k => k.RecordId)).Concat(suggestions.Keys).ToHashSet();
        return ids.ToDictionary(id => id, id =>
        {
            var (ta, taReason) = Settled(id, ReviewStage.TitleAbstract);
            var (ft, ftReason) = Settled(id, ReviewStage.FullText);
            var s = suggestions.GetValueOrDefault(id);
            return new RecordDecisions(ta, taReason, ft, ftReason, s?.Decision?.ToString().ToLowerInvariant(), s?.Confidence,
                s?.ExclusionReason, s?.Flags ?? []);
        });

        (string? Decision, string? Reason) Settled(long id, ReviewStage stage)
        {
            if (adjudicated.TryGetValue((id, stage), out var a)) return (a.Decision.ToString().ToLowerInvariant(), a.ExclusionReason);
            var votes = human[(id, stage)].ToList();
            if (votes.Count == 0) return (null, null);
            if (votes.Select(v => v.Decision).Distinct().Count() > 1) return ("conflict", null);
            return (votes[0].Decision.ToString().ToLowerInvariant(), votes.Select(v => v.ExclusionReason).FirstOrDefault(r => r is not null));
        }
    }
}
