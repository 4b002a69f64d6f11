using System.Globalization;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Ranking;

/// <summary>
/// How old the queue's ranking a reader sees is (<see cref="QueueRankings"/>: computed in the background, so it may
/// be a batch of decisions or one computation behind): when it was computed and on how many labelled records; all
/// null before the first ranking of the review.
/// </summary>
public sealed record RankingAge(DateTimeOffset? ComputedAt, int? Labelled, RankingMethod? Method)
{
    public static RankingAge Of(QueueRanking? ranking) => new(ranking?.ComputedAt, ranking?.State.Labelled, ranking?.Method);

    /// <summary>The ranking the actor's queue follows (a blinded reviewer's own).</summary>
    public static async Task<RankingAge> ReadAsync(ScreenerDbContext db, QueueRankings rankings, ReviewActor actor, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        return Of((await rankings.ReadAsync(db, actor.ReviewId, DecisionRules.BlindedViewer(protocol.Screening.DualHumanReview, actor), cancellationToken)).Ranking);
    }

    /// <summary>"ranked 2 min ago on 40 labels", in whole minutes so that the text does not move from one read to the next.</summary>
    public string Describe(DateTimeOffset now)
    {
        if (ComputedAt is not { } at) return "not ranked yet: the queue follows the LLM's inclusion probability until the first ranking is ready";
        var minutes = (int)Math.Max(0, (now - at).TotalMinutes);
        var age = minutes switch
        {
            0 => "less than a minute ago",
            < 120 => string.Create(CultureInfo.InvariantCulture, $"{minutes} min ago"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h ago"),
        };
        return string.Create(CultureInfo.InvariantCulture, $"ranked {age} on {Labelled} labelled record(s); recomputed in the background after each batch of decisions");
    }
}
