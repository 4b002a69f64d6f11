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
        (await WithRankingAsync(db, rankings, actor, await RecallCurve.SettledInOrderAsync(db, actor.ReviewId, cancellationToken), cancellationToken)).Aid;

    /// <summary>
    /// The aid and the read of the ranking its expected includes come from (no ranking: none computed yet), which the
    /// overview passes on. <paramref name="settled"/>: <see cref="RecallCurve.SettledInOrder"/>, which the overview also draws.
    /// </summary>
    public static async Task<(StoppingAid Aid, RankingRead Read)> WithRankingAsync(
        ScreenerDbContext db, QueueRankings rankings, ReviewActor actor, IReadOnlyList<RecordVotes> settled, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        var read = await rankings.ReadAsync(db, actor.ReviewId, DecisionRules.BlindedViewer(protocol.Screening.DualHumanReview, actor), cancellationToken);
        var done = settled.Select(s => s.RecordId).ToHashSet();
        List<double>? expected = null;
        if (read.Ranking?.Probabilities is { } probabilities)
        {
            // The ranking's records are the unique ones now unless an import or a merge came since: then only those still unique count.
            var unique = read.RankedTheseRecords ? null : (await rankings.BaseQueueAsync(db, read, cancellationToken)).Select(e => e.RecordId).ToHashSet();
            expected = probabilities.Where(p => (unique is null || unique.Contains(p.Key)) && !done.Contains(p.Key)).Select(p => p.Value).ToList();
        }
        return (StoppingAid.Compute(settled.Select(s => (bool?)(s.Outcome.Decision == Vocabulary.ScreeningDecision.Include)).ToList(), expected, read.Now.Records), read);
    }
}
