using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Ranking;

/// <summary>
/// The stopping aid of a review as a reviewer sees it in the web app: the counts and the recall test come from the
/// settled records (<see cref="ScreeningFigures.Settled"/>, in the order they were first decided), so "includes found"
/// is the review's included count; the expected remaining includes from the probabilities of the queue's last ranking
/// (recomputed after each batch of decisions, <see cref="QueueRanking"/>; a blinded reviewer's own ranking), summed
/// over the records not settled. Nothing here moves with a co-reviewer's single decision. Duplicates are left out.
/// </summary>
public static class ReviewStoppingAid
{
    public static async Task<StoppingAid> RunAsync(ScreenerDbContext db, ReviewActor actor, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        var unique = (await db.Records.Where(r => r.ReviewId == actor.ReviewId && r.DuplicateOfId == null).Select(r => r.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
        var settled = await RecallCurve.SettledInOrderAsync(db, actor.ReviewId, cancellationToken);
        var probabilities = await QueueRanking.ProbabilitiesAsync(db, actor.ReviewId,
            DecisionRules.BlindedViewer(protocol.Screening.DualHumanReview, actor), cancellationToken);
        var done = settled.Select(s => s.RecordId).ToHashSet();
        return StoppingAid.Compute(settled.Select(s => (bool?)(s.Outcome.Decision == Vocabulary.ScreeningDecision.Include)).ToList(),
            probabilities?.Where(p => unique.Contains(p.Key) && !done.Contains(p.Key)).Select(p => p.Value).ToList(), unique.Count);
    }
}
