using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Core.Records;

/// <summary>Per record of a review: the settled human decision of each stage (<see cref="SettledDecisions"/>) and the latest parsed LLM suggestion.</summary>
public static class RecordDecisionsQuery
{
    public static async Task<Dictionary<long, RecordDecisions>> RunAsync(ScreenerDbContext db, long reviewId, CancellationToken ct)
    {
        var outcomes = new Dictionary<(long, ReviewStage), RecordVotes>();
        foreach (var stage in Enum.GetValues<ReviewStage>())
            foreach (var v in await SettledDecisions.OutcomesAsync(db, reviewId, stage, ct)) outcomes[(v.RecordId, stage)] = v;
        var suggestions = (await db.Suggestions.AsNoTracking()
                .Where(s => s.Status == SuggestionStatus.Parsed && db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == reviewId))
                .Select(s => new { s.Id, s.RecordId, s.Decision, s.Confidence, s.ExclusionReason, s.Flags, s.Audit.CreatedAt })
                .ToListAsync(ct))
            .GroupBy(s => s.RecordId).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).First());

        var ids = outcomes.Keys.Select(k => k.Item1).Concat(suggestions.Keys).ToHashSet();
        return ids.ToDictionary(id => id, id =>
        {
            var (ta, taReason) = Settled(id, ReviewStage.TitleAbstract);
            var (ft, ftReason) = Settled(id, ReviewStage.FullText);
            var s = suggestions.GetValueOrDefault(id);
            return new RecordDecisions(ta, taReason, ft, ftReason, s?.Decision?.ToString().ToLowerInvariant(), s?.Confidence,
                s?.ExclusionReason, s?.Flags ?? []);
        });

        // The settled decision by the one definition (DecisionRules.Outcome): one reviewer's decision under dual
        // review is not settled yet, and shows as nothing rather than as the record's decision.
        (string? Decision, string? Reason) Settled(long id, ReviewStage stage)
        {
            if (!outcomes.TryGetValue((id, stage), out var v)) return (null, null);
            return v.Outcome.State switch
            {
                RecordState.Settled => (v.Outcome.Decision!.Value.ToString().ToLowerInvariant(), SettledDecisions.SettledReason(v)),
                RecordState.Conflict => ("conflict", null),
                _ => (null, null),
            };
        }
    }
}
