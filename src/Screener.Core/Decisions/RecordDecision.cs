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
        // One round trip for everything the decision depends on (bench `api-load`: this endpoint is the hot path).
        // The latest suggestion is read as two scalar subqueries: as one object, EF numbers every suggestion of the
        // review with ROW_NUMBER() and joins, which cost 50-125 ms per decision once 16,000 suggestions were stored.
        var latest = db.Suggestions.Where(s => s.RecordId == request.RecordId && s.Status == SuggestionStatus.Parsed
                && db.Runs.Any(run => run.Id == s.RunId && run.ReviewId == actor.ReviewId))
            .OrderByDescending(s => s.Id);
        var record = await db.Records.Where(r => r.Id == request.RecordId && r.ReviewId == actor.ReviewId && r.DuplicateOfId == null)
            .Select(r => new
            {
                Adjudicated = db.Adjudications.Any(a => a.RecordId == r.Id && a.Stage == request.Stage),
                SuggestionId = latest.Select(s => (long?)s.Id).FirstOrDefault(),
                SuggestionDecision = latest.Select(s => s.Decision).FirstOrDefault(),
                Others = db.HumanDecisions.Where(d => d.RecordId == r.Id && d.Stage == request.Stage && d.ReviewerId != actor.ReviewerId)
                    .Select(d => d.Decision).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw NoRecord(request.RecordId);
        if (record.Adjudicated) throw new ConflictException($"record {request.RecordId} is already adjudicated; its decision is final");
        var suggestion = record.SuggestionId is { } suggestionId ? new { Id = suggestionId, Decision = record.SuggestionDecision } : null;

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
        var outcome = DecisionRules.Outcome([.. record.Others, decision.Decision], null, protocol.Screening.DualHumanReview);
        return new DecideResult(decision.Id, request.RecordId, decision.Decision, decision.ExclusionReason, updated, outcome.State);
    }

    internal static async Task RequireRecordAsync(ScreenerDbContext db, long reviewId, long recordId, CancellationToken cancellationToken)
    {
        if (!await db.Records.AnyAsync(r => r.Id == recordId && r.ReviewId == reviewId && r.DuplicateOfId == null, cancellationToken))
            throw NoRecord(recordId);
    }

    private static NotFoundException NoRecord(long recordId) =>
        new($"no record {recordId} to screen in this review (merged duplicates are screened through their kept record)");

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
