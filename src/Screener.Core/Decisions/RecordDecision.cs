using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Core.Screening;

namespace Screener.Core.Decisions;

public sealed record DecideRequest(long RecordId, ReviewStage Stage, ScreeningDecision Decision, string? ExclusionReason, string? Note);

public sealed record DecideResult(long DecisionId, long RecordId, ScreeningDecision Decision, string? ExclusionReason, bool Updated, RecordState RecordState);

/// <summary>
/// Records one reviewer's decision on one record, with the LLM suggestion available at the time and whether the
/// protocol showed it. Deciding again updates the reviewer's own decision (people correct slips) until the
/// record is adjudicated; after that the adjudication is final and a new decision is refused.
/// Two reviewers deciding the same record at once both succeed: they write separate rows.
/// </summary>
public static class RecordDecision
{
    public const int MaxNoteLength = 4000;

    public static async Task<DecideResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, ReviewActor actor, DecideRequest request, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        if (!Enum.IsDefined(request.Decision)) throw new InvalidInputException("decision", "must be include, exclude or unsure");
        var reason = DecisionRules.ValidReason(request.Decision, request.ExclusionReason, protocol.ExclusionReasons);
        if (request.Note?.Length > MaxNoteLength) throw new InvalidInputException("note", $"must be at most {MaxNoteLength} characters");
        await RequireRecordAsync(db, actor.ReviewId, request.RecordId, cancellationToken);
        if (await db.Adjudications.AnyAsync(a => a.RecordId == request.RecordId && a.Stage == request.Stage, cancellationToken))
            throw new ConflictException($"record {request.RecordId} is already adjudicated; its decision is final");

        var suggestion = await db.Suggestions
            .Where(s => s.RecordId == request.RecordId && s.Status == SuggestionStatus.Parsed && db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == actor.ReviewId))
            .OrderByDescending(s => s.Id).Select(s => new { s.Id, s.Decision }).FirstOrDefaultAsync(cancellationToken);

        void Fill(HumanDecision d)
        {
            d.Decision = request.Decision;
            d.ExclusionReason = reason;
            d.Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
            d.LlmSuggestionId = suggestion?.Id;
            d.LlmSuggestedDecision = suggestion?.Decision;
            d.LlmSuggestionShown = suggestion is not null && protocol.Screening.ShowLlmSuggestion;
            d.DecidedAt = time.GetUtcNow();
        }

        var (decision, updated) = await UpsertAsync(db, actor, request, Fill, cancellationToken);
        var humans = await db.HumanDecisions.Where(d => d.RecordId == request.RecordId && d.Stage == request.Stage)
            .Select(d => d.Decision).ToListAsync(cancellationToken);
        var outcome = DecisionRules.Outcome(humans, null, protocol.Screening.DualHumanReview);
        return new DecideResult(decision.Id, request.RecordId, decision.Decision, decision.ExclusionReason, updated, outcome.State);
    }

    internal static async Task RequireRecordAsync(ScreenerDbContext db, long reviewId, long recordId, CancellationToken cancellationToken)
    {
        if (!await db.Records.AnyAsync(r => r.Id == recordId && r.ReviewId == reviewId && r.DuplicateOfId == null, cancellationToken))
            throw new NotFoundException($"no record {recordId} to screen in this review (merged duplicates are screened through their kept record)");
    }

    private static async Task<(HumanDecision Decision, bool Updated)> UpsertAsync(
        ScreenerDbContext db, ReviewActor actor, DecideRequest request, Action<HumanDecision> fill, CancellationToken cancellationToken)
    {
        var existing = await Find(db, actor, request, cancellationToken);
        if (existing is null)
        {
            var created = new HumanDecision { ReviewId = actor.ReviewId, RecordId = request.RecordId, ReviewerId = actor.ReviewerId, Stage = request.Stage };
            fill(created);
            db.HumanDecisions.Add(created);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (created, false);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // The same reviewer's other request won the insert (double submit): apply this one as an update.
                db.Entry(created).State = EntityState.Detached;
                existing = await Find(db, actor, request, cancellationToken)
                    ?? throw new ConflictException($"record {request.RecordId} changed while deciding; try again");
            }
        }
        fill(existing);
        await db.SaveChangesAsync(cancellationToken);
        return (existing, true);
    }

    private static Task<HumanDecision?> Find(ScreenerDbContext db, ReviewActor actor, DecideRequest request, CancellationToken cancellationToken) =>
        db.HumanDecisions.SingleOrDefaultAsync(
            d => d.RecordId == request.RecordId && d.ReviewerId == actor.ReviewerId && d.Stage == request.Stage, cancellationToken);
}
