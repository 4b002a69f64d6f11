using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Ranking;

/// <summary>
/// The stopping aid of a review as its reviewers see it in the web app: the counts and the recall test come from the
/// decisions as they are now, the expected remaining includes from the probabilities of the queue's last ranking
/// (recomputed after each batch of decisions, <see cref="QueueRanking"/>), summed over the records still unscreened.
/// Duplicates are left out, as in the ranking.
/// </summary>
public static class ReviewStoppingAid
{
    public static async Task<StoppingAid> RunAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var unique = (await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null).Select(r => r.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
        var screened = (await ReviewLabels.FromDecisionsAsync(db, reviewId, cancellationToken)).Where(s => unique.Contains(s.RecordId)).ToList();
        var probabilities = await QueueRanking.ProbabilitiesAsync(db, reviewId, cancellationToken);
        var done = screened.Select(s => s.RecordId).ToHashSet();
        return StoppingAid.Compute(screened.Select(s => s.Include).ToList(),
            probabilities?.Where(p => unique.Contains(p.Key) && !done.Contains(p.Key)).Select(p => p.Value).ToList(), unique.Count);
    }
}
