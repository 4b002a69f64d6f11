using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Ranking;

/// <summary>
/// The stopping aid of a review as a reviewer sees it in the web app: the counts and the recall test come from the
/// settled records (<see cref="ScreeningFigures.Settled"/>, in the order they were first decided), so "includes found"
/// is the review's included count; the expected remaining includes from the probabilities of the queue's last ranking
/// (<see cref="QueueRankings"/>, recomputed in the background after each batch of decisions; a blinded reviewer's own ranking), summed
/// over the records not settled. Nothing here moves with a co-reviewer's single decision. Duplicates are left out.
/// </summary>
public static class ReviewStoppingAid
{
    public static async Task<StoppingAid> RunAsync(ScreenerDbContext db, QueueRankings rankings, ReviewActor actor, CancellationToken cancellationToken) =>
        (await WithRankingAsync(db, rankings, actor, cancellationToken)).Aid;

    /// <summary>The aid and the ranking its expected includes come from (null: none computed yet), whose age the overview shows.</summary>
    public static async Task<(StoppingAid Aid, QueueRanking? Ranking)> WithRankingAsync(
        ScreenerDbContext db, QueueRankings rankings, ReviewActor actor, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        var unique = (await db.Records.Where(r => r.ReviewId == actor.ReviewId && r.DuplicateOfId == null).Select(r => r.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
        var settled = await RecallCurve.SettledInOrderAsync(db, actor.ReviewId, cancellationToken);
        var ranking = await rankings.ReadAsync(db, actor.ReviewId, DecisionRules.BlindedViewer(protocol.Screening.DualHumanReview, actor), cancellationToken);
        var probabilities = ranking?.Probabilities;
        var done = settled.Select(s => s.RecordId).ToHashSet();
        return (StoppingAid.Compute(settled.Select(s => (bool?)(s.Outcome.Decision == Vocabulary.ScreeningDecision.Include)).ToList(),
            probabilities?.Where(p => unique.Contains(p.Key) && !done.Contains(p.Key)).Select(p => p.Value).ToList(), unique.Count), ranking);
    }
}
