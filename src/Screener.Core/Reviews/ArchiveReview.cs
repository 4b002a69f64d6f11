using Screener.Core.Persistence;

namespace Screener.Core.Reviews;

/// <param name="Changed">False when the review already was in the state asked for (archiving twice keeps the first date).</param>
public sealed record ArchiveReviewResult(long ReviewId, string Name, DateTimeOffset? ArchivedAt, bool Changed);

/// <summary>
/// Archives a finished review (read-only: its data stay and can be read and exported, but no decision, run, import or
/// dedup changes it; hidden from `reviews` unless --all) or brings it back.
/// </summary>
public static class ArchiveReview
{
    public static async Task<ArchiveReviewResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, string reviewName, bool archive, CancellationToken cancellationToken)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, cancellationToken);
        var changed = review.ArchivedAt.HasValue != archive;
        if (changed)
        {
            review.ArchivedAt = archive ? time.GetUtcNow() : null;
            await db.SaveChangesAsync(cancellationToken);
        }
        return new ArchiveReviewResult(review.Id, review.Name, review.ArchivedAt, changed);
    }

    /// <summary>The one refusal every writing use case gives for an archived review.</summary>
    public static ConflictException ReadOnly(string reviewName, DateTimeOffset archivedAt) =>
        new($"review '{reviewName}' is archived (since {archivedAt:yyyy-MM-dd}) and read-only; " +
            $"to change it, bring it back with `screener review unarchive --review {reviewName}`");
}
