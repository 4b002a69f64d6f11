namespace Screener.Core.Ranking;

/// <summary>
/// What a page learns from the read model in one read (<see cref="QueueRankings.ReadAsync"/>): the last ranking of the
/// review for this viewer (null before the first) and the label state now, which tells whether that ranking's queue
/// still holds every record (<see cref="RankingLabelState.SameRecordsAs"/>), and the title/abstract decisions the
/// viewer may see (<see cref="ReviewLabels.VisibleDecisionsAsync"/>) that state was counted from, which place records in the queue.
/// </summary>
public sealed record RankingRead(long ReviewId, long? Viewer, QueueRanking? Ranking, RankingLabelState Now, IReadOnlyList<ReviewLabels.VisibleDecision> Visible)
{
    /// <summary>The ranking saw the unique records and suggestions there are now: its probabilities cover exactly the unscreened ones.</summary>
    public bool RankedTheseRecords => Ranking is not null && Ranking.State.SameRecordsAs(Now);
}
