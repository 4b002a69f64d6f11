using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Decisions;

public sealed record ReviewAgreement(AgreementFigure HumanHuman, AgreementFigure HumanLlm, int DisagreeingPairs, int Adjudicated);

/// <summary>
/// Agreement in one review at one stage. Human-human: the first two reviewers (by account) on every record both
/// decided. Human-LLM: every human decision against the suggestion recorded with it.
/// </summary>
public static class ComputeAgreement
{
    public static async Task<ReviewAgreement> RunAsync(ScreenerDbContext db, long reviewId, ReviewStage stage, CancellationToken cancellationToken)
    {
        var decisions = await db.HumanDecisions.AsNoTracking().Where(d => d.ReviewId == reviewId && d.Stage == stage)
            .Select(d => new { d.RecordId, d.ReviewerId, d.Decision, d.LlmSuggestedDecision }).ToListAsync(cancellationToken);
        var humanPairs = decisions.GroupBy(d => d.RecordId).Where(g => g.Count() >= 2)
            .Select(g => g.OrderBy(d => d.ReviewerId).Take(2).ToList()).Select(p => (p[0].Decision, p[1].Decision)).ToList();
        var llmPairs = decisions.Where(d => d.LlmSuggestedDecision is not null).Select(d => (d.Decision, d.LlmSuggestedDecision!.Value)).ToList();
        var adjudicated = await db.Adjudications.CountAsync(a => a.ReviewId == reviewId && a.Stage == stage, cancellationToken);
        var disagreeing = humanPairs.Count(p => p.Item1 != p.Item2 || p.Item1 == Screening.ScreeningDecision.Unsure);
        return new ReviewAgreement(Agreement.CohensKappa(humanPairs), Agreement.CohensKappa(llmPairs), disagreeing, adjudicated);
    }
}
