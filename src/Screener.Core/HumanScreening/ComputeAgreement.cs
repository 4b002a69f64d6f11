using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.HumanScreening;

public sealed record ReviewAgreement(AgreementFigure HumanHuman, AgreementFigure HumanLlm, int DisagreeingPairs, int Adjudicated);

/// <summary>
/// Agreement in one review at one stage, over independent decisions (each reviewer's last before another's was
/// shown to them: a decision changed to match after unblinding does not inflate kappa). Human-human: the first two
/// reviewers (by account) on every record both decided. Human-LLM: every human decision against the suggestion
/// recorded with it. These figures move with any one reviewer's decision, so only adjudicators and admins read them.
/// </summary>
public static class ComputeAgreement
{
    /// <summary>The agreement for a member of the review: refused to a blinded reviewer (it moves by one with each co-reviewer decision).</summary>
    public static async Task<ReviewAgreement> RunAsync(ScreenerDbContext db, Reviews.ReviewActor actor, ReviewStage stage, CancellationToken cancellationToken)
    {
        var protocol = await Reviews.ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        if (DecisionRules.BlindedViewer(protocol.Screening.DualHumanReview, actor) is not null)
            throw new ForbiddenException("agreement is for adjudicators and admins: it moves with each reviewer's decision, which would unblind dual screening");
        return await RunAsync(db, actor.ReviewId, stage, cancellationToken);
    }

    public static async Task<ReviewAgreement> RunAsync(ScreenerDbContext db, long reviewId, ReviewStage stage, CancellationToken cancellationToken)
    {
        var decisions = await db.HumanDecisions.AsNoTracking().Where(d => d.ReviewId == reviewId && d.Stage == stage)
            .Select(d => new { d.RecordId, d.ReviewerId, Decision = d.BlindDecision ?? d.Decision, d.LlmSuggestedDecision }).ToListAsync(cancellationToken);
        var humanPairs = decisions.GroupBy(d => d.RecordId).Where(g => g.Count() >= 2)
            .Select(g => g.OrderBy(d => d.ReviewerId).Take(2).ToList()).Select(p => (p[0].Decision, p[1].Decision)).ToList();
        var llmPairs = decisions.Where(d => d.LlmSuggestedDecision is not null).Select(d => (d.Decision, d.LlmSuggestedDecision!.Value)).ToList();
        var adjudicated = await db.Adjudications.CountAsync(a => a.ReviewId == reviewId && a.Stage == stage, cancellationToken);
        var disagreeing = humanPairs.Count(p => p.Item1 != p.Item2 || p.Item1 == Vocabulary.ScreeningDecision.Unsure);
        return new ReviewAgreement(Agreement.CohensKappa(humanPairs), Agreement.CohensKappa(llmPairs), disagreeing, adjudicated);
    }
}
