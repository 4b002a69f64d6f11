using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.HumanScreening;

/// <param name="Versions">The decision versions the adjudicator read and settles (the conflicts list gives them); when one
/// changed since, the adjudication is refused. Null: whatever versions stand when it is stored.</param>
public sealed record AdjudicateRequest(
    long RecordId, ReviewStage Stage, ScreeningDecision Decision, string? ExclusionReason, string? Note, IReadOnlyList<DecisionVersionRef>? Versions = null);

public sealed record AdjudicateResult(long AdjudicationId, long RecordId, ScreeningDecision Decision, string? ExclusionReason, string SettledVersions);

/// <summary>
/// An adjudicator's decision on a record in conflict. It closes the conflict and is final: a second adjudication
/// of the same record and stage is refused (also when two arrive at once: the unique index decides). It names the
/// decision versions it settles; one that was read before a reviewer decided again is stale and refused.
/// </summary>
public static class Adjudicate
{
    public static async Task<AdjudicateResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, ReviewActor actor, AdjudicateRequest request, CancellationToken cancellationToken)
    {
        if (!actor.CanAdjudicate) throw new ForbiddenException("only an adjudicator or admin of this review can adjudicate");
        await ReviewAccess.RequireWritableAsync(db, actor.ReviewId, cancellationToken);
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        if (!Enum.IsDefined(request.Decision) || request.Decision == ScreeningDecision.Unsure)
            throw new InvalidInputException("decision", "an adjudication must be include or exclude");
        var reason = DecisionRules.ValidReason(request.Decision, request.ExclusionReason, protocol.Eligibility(request.Stage).ExclusionReasons,
            protocol.Screening.ExclusionReasonRequired);
        if (request.Note?.Length > RecordDecision.MaxNoteLength)
            throw new InvalidInputException("note", $"must be at most {RecordDecision.MaxNoteLength} characters");

        // The same row lock as a decision: a re-decision lands wholly before (this sees its version) or after (it
        // sees this adjudication and is refused).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RecordDecision.LockRecordAsync(db, actor.ReviewId, request.RecordId, cancellationToken);
        if (request.Stage == ReviewStage.FullText) await FullTextEntry.RequireAsync(db, actor.ReviewId, request.RecordId, cancellationToken);
        if (await db.Adjudications.AnyAsync(a => a.RecordId == request.RecordId && a.Stage == request.Stage, cancellationToken))
            throw new ConflictException($"record {request.RecordId} is already adjudicated");
        var humans = await db.HumanDecisions.Where(d => d.RecordId == request.RecordId && d.Stage == request.Stage)
            .Select(d => new { d.Id, d.Version, d.Decision, d.BlindDecision }).ToListAsync(cancellationToken);
        var current = humans.Select(h => new DecisionVersionRef(h.Id, h.Version)).ToList();
        if (request.Versions is { } named && DecisionVersionRef.Format(named) != DecisionVersionRef.Format(current))
            throw new ConflictException($"record {request.RecordId} changed since you read it (versions {DecisionVersionRef.Format(named)}, now " +
                $"{DecisionVersionRef.Format(current)}): reload the conflict and adjudicate what stands now");
        var votes = humans.Select(h => new HumanVote(h.BlindDecision ?? h.Decision, h.Decision)).ToList();
        if (DecisionRules.Outcome(votes, null, protocol.Screening.DualHumanReview).State != RecordState.Conflict)
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
            SettledVersions = DecisionVersionRef.Format(current),
        };
        db.Adjudications.Add(adjudication);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException($"record {request.RecordId} is already adjudicated");
        }
        return new AdjudicateResult(adjudication.Id, adjudication.RecordId, adjudication.Decision, adjudication.ExclusionReason, adjudication.SettledVersions);
    }
}
