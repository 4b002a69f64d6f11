using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.ReviewLifecycle;

/// <summary>What deleting a review takes with it, shown before the person confirms.</summary>
public sealed record ReviewDeletion(long ReviewId, string Name, int Records, int HumanDecisions, int Suggestions, int Runs, bool Archived);

/// <param name="Deleted">False when the confirmation was declined: nothing was changed.</param>
public sealed record DeleteReviewResult(ReviewDeletion Review, bool Deleted);

/// <summary>
/// Deletes a review and everything of it (protocol versions, records, duplicates, embeddings, runs and suggestions,
/// human decisions, adjudications, extraction drafts, memberships) in one transaction, after <c>confirm</c> has seen
/// the counts. Reviewer accounts are kept: they may belong to other reviews.
/// </summary>
public static class DeleteReview
{
    public static async Task<DeleteReviewResult> RunAsync(
        ScreenerDbContext db, string reviewName, Func<ReviewDeletion, bool> confirm, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var review = await ReviewLookup.FindAsync(db, reviewName, cancellationToken);
        // Held until commit so no decision or run can start on the review while it is being deleted.
        await db.Database.ExecuteSqlAsync($"""SELECT "Id" FROM "Reviews" WHERE "Id" = {review.Id} FOR UPDATE""", cancellationToken);
        var deletion = new ReviewDeletion(review.Id, review.Name,
            await db.Records.CountAsync(r => r.ReviewId == review.Id, cancellationToken),
            await db.HumanDecisions.CountAsync(d => d.ReviewId == review.Id, cancellationToken),
            await db.Suggestions.CountAsync(s => db.Runs.Any(run => run.Id == s.RunId && run.ReviewId == review.Id), cancellationToken),
            await db.Runs.CountAsync(r => r.ReviewId == review.Id, cancellationToken),
            review.ArchivedAt.HasValue);
        if (!confirm(deletion)) return new DeleteReviewResult(deletion, false);

        // Everything hangs off the review with ON DELETE CASCADE except three references that are restricted so that
        // ordinary work can never delete what they point at (a kept record's copies, a run's protocol version, the
        // review's current version); they are cleared first, inside the same transaction.
        await db.Records.Where(r => r.ReviewId == review.Id && r.DuplicateOfId != null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DuplicateOfId, (long?)null), cancellationToken);
        await db.Runs.Where(r => r.ReviewId == review.Id).ExecuteDeleteAsync(cancellationToken);
        await db.Reviews.Where(r => r.Id == review.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.CurrentProtocolVersionId, (long?)null), cancellationToken);
        await db.Reviews.Where(r => r.Id == review.Id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DeleteReviewResult(deletion, true);
    }
}
