using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Core.Screening;

namespace Screener.Core.Decisions;

public sealed record AdjudicateRequest(long RecordId, ReviewStage Stage, ScreeningDecision Decision, string? ExclusionReason, string? Note);

public sealed record AdjudicateResult(long AdjudicationId, long RecordId, ScreeningDecision Decision, string? ExclusionReason);

/// <summary>
/// An adjudicator's decision on a record in conflict. It closes the conflict and is final: a second adjudication
/// of the same record and stage is refused (also when two arrive at once: the unique index decides).
/// </summary>
public static class Adjudicate
{
    public static async Task<AdjudicateResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, ReviewActor actor, AdjudicateRequest request, CancellationToken cancellationToken)
    {
        if (!actor.CanAdjudicate) throw new ForbiddenException("only an adjudicator or admin of this review can adjudicate");
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        if (!Enum.IsDefined(request.Decision) || request.Decision == ScreeningDecision.Unsure)
            throw new InvalidInputException("decision", "an adjudication must be include or exclude");
        var reason = DecisionRules.ValidReason(request.Decision, request.ExclusionReason, protocol.ExclusionReasons);
        if (request.Note?.Length > RecordDecision.MaxNoteLength)
            throw new InvalidInputException("note", $"must be at most {RecordDecision.MaxNoteLength} characters");
        await RecordDecision.RequireRecordAsync(db, actor.ReviewId, request.RecordId, cancellationToken);
        if (await db.Adjudications.AnyAsync(a => a.RecordId == request.RecordId && a.Stage == request.Stage, cancellationToken))
            throw new ConflictException($"record {request.RecordId} is already adjudicated");
        var humans = await db.HumanDecisions.Where(d => d.RecordId == request.RecordId && d.Stage == request.Stage)
            .Select(d => d.Decision).ToListAsync(cancellationToken);
        if (DecisionRules.Outcome(humans, null, protocol.Screening.DualHumanReview).State != RecordState.Conflict)
            throw new ConflictException($"record {request.RecordId} is not in conflict: only conflicts are adjudicated");

        var adjudication = new Adjudication
        {
            ReviewId = actor.ReviewId,
            RecordId = request.RecordId,
            Stage = request.Stage,
            AdjudicatorId = actor.ReviewerId,
            Decision = request.Decision,
            ExclusionReason = reason,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            DecidedAt = time.GetUtcNow(),
        };
        db.Adjudications.Add(adjudication);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException($"record {request.RecordId} is already adjudicated");
        }
        return new AdjudicateResult(adjudication.Id, adjudication.RecordId, adjudication.Decision, adjudication.ExclusionReason);
    }
}
