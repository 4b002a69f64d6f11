using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Ranking;

/// <summary>
/// The order the review queue offers unscreened records in, for one review and viewer: <see cref="RankRecords"/>
/// (active learning once there is an include and an exclude, else the LLM's probability, else similarity to the
/// protocol), with the calibrated inclusion probabilities the stopping aid sums (null: too few labels to calibrate,
/// or no model yet), the label state it was computed from and when. A blinded reviewer gets their own, learnt only
/// from settled records and their own decisions (<see cref="ReviewLabels"/>): a shared order would move when a
/// co-reviewer decides, and tell them so. The web keeps the last one per review and viewer (<see cref="QueueRankings"/>).
/// <see cref="Queue"/>: every unique record in the queue's order before decisions place any first (<see cref="QueueOrder"/>),
/// read after <see cref="State"/>, so it serves the pages as long as the records and suggestions are as then.
/// </summary>
public sealed record QueueRanking(
    IReadOnlyList<long> Order, IReadOnlyDictionary<long, double>? Probabilities, RankingMethod Method, RankingLabelState State, DateTimeOffset ComputedAt,
    IReadOnlyList<QueueEntry> Queue)
{
    /// <summary>Computes the ranking now, on the caller's time (the CLI, tests, and the read model's background worker).</summary>
    public static async Task<QueueRanking> ComputeAsync(ScreenerDbContext db, long reviewId, long? blindedViewerId, TimeProvider time, CancellationToken cancellationToken)
    {
        // The state first: labels added while ranking make the result look older than it is, so it is recomputed again.
        var state = await RankingLabelState.ReadAsync(db, reviewId, blindedViewerId, cancellationToken);
        var computedAt = time.GetUtcNow();
        var name = await db.Reviews.Where(r => r.Id == reviewId).Select(r => r.Name).SingleAsync(cancellationToken);
        var ranking = await RankRecords.RunAsync(db, new RankRecordsRequest(name, Top: 0, StoppingAid: true, BlindedViewerId: blindedViewerId), cancellationToken);
        // Only the classifier's calibrated probabilities (RankRecords gives no estimate from the LLM's vote share).
        var probabilities = ranking.Method == RankingMethod.ActiveLearning && ranking.Stopping.EstimatedRecall is not null
            ? ranking.Records.ToDictionary(r => r.RecordId, r => r.InclusionProbability!.Value) : null;
        var order = ranking.Records.Select(r => r.RecordId).ToList();
        return new QueueRanking(order, probabilities, ranking.Method, state, computedAt, await QueueOrder.LoadAsync(db, reviewId, order, cancellationToken));
    }
}

/// <summary>How the read model computes a ranking: <see cref="QueueRanking.ComputeAsync"/>, or a test's stand-in.</summary>
public delegate Task<QueueRanking> ComputeQueueRanking(ScreenerDbContext db, long reviewId, long? blindedViewerId, CancellationToken cancellationToken);
