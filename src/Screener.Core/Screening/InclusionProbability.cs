using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Screening;

/// <summary>
/// The LLM's inclusion probability of a record: the share of its parsed votes that say include, an unsure vote
/// counting half (include 1, unsure 0.5, exclude 0). The one definition: routing, the screening page, the queue,
/// the ranking's LLM feature, the exports' <c>llm_include_probability</c> and the eval harness's run score all
/// call it. The ranking's calibrated probability (<c>RankedRecord.InclusionProbability</c>, Platt-scaled classifier
/// scores) is another quantity, not another formula for this one.
/// </summary>
public static class InclusionProbability
{
    /// <summary>Null without votes: no suggestion is not a probability of 0.5.</summary>
    public static double? FromCounts(int include, int unsure, int votes)
    {
        if (include < 0 || unsure < 0 || include + unsure > votes)
            throw new ArgumentOutOfRangeException(nameof(votes), $"{include} include and {unsure} unsure votes cannot come from {votes} votes");
        return votes == 0 ? null : (include + 0.5 * unsure) / votes;
    }

    public static double? FromVotes(IReadOnlyCollection<ScreeningDecision> votes) =>
        FromCounts(votes.Count(v => v == ScreeningDecision.Include), votes.Count(v => v == ScreeningDecision.Unsure), votes.Count);

    /// <summary>Every record of the review with parsed title/abstract LLM votes (any run, slot or repeat), by record id.</summary>
    public static async Task<Dictionary<long, double>> ByRecordAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var votes = await db.Suggestions
            .Where(s => s.Status == SuggestionStatus.Parsed && s.Decision != null
                && db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == reviewId && r.Stage == RunStage.Screening))
            .Select(s => new { s.RecordId, Decision = s.Decision!.Value }).ToListAsync(cancellationToken);
        return votes.GroupBy(v => v.RecordId).ToDictionary(g => g.Key, g => FromVotes(g.Select(v => v.Decision).ToList())!.Value);
    }
}
