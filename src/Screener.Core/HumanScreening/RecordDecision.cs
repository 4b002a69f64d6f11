using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.HumanScreening;

public sealed record DecideRequest(long RecordId, ReviewStage Stage, ScreeningDecision Decision, string? ExclusionReason, string? Note);

public sealed record DecideResult(long DecisionId, long RecordId, ScreeningDecision Decision, string? ExclusionReason, bool Updated, RecordState RecordState, int Version);

/// <summary>
/// Records one reviewer's decision on one record, with the LLM suggestion available at the time and whether the
/// protocol showed it. Deciding again adds a version (people correct slips) until the record is adjudicated; after
/// that the adjudication is final and a new decision is refused. Every version is kept with whether another
/// reviewer's decision had been shown to this reviewer first; the reviewer's last blind decision stays the
/// independent one that conflicts, kappa and PRISMA read. Two reviewers deciding the same record at once both
/// succeed: they write separate rows.
/// </summary>
public static class RecordDecision
{
    public const int MaxNoteLength = 4000;

    public static async Task<DecideResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, ReviewActor actor, DecideRequest request, CancellationToken cancellationToken)
    {
        await ReviewAccess.RequireWritableAsync(db, actor.ReviewId, cancellationToken);
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        if (!Enum.IsDefined(request.Decision)) throw new InvalidInputException("decision", "must be include, exclude or unsure");
        var reason = DecisionRules.ValidReason(request.Decision, request.ExclusionReason, protocol.Eligibility(request.Stage).ExclusionReasons,
            protocol.Screening.ExclusionReasonRequired);
        if (request.Note?.Length > MaxNoteLength) throw new InvalidInputException("note", $"must be at most {MaxNoteLength} characters");
        var dual = protocol.Screening.DualHumanReview;

        // The record's row lock orders this decision against an adjudication and against the same reviewer's double
        // submit: whoever comes second sees the first one's result (issue 17: adjudications raced re-decisions).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockRecordAsync(db, actor.ReviewId, request.RecordId, cancellationToken);
        // Under the same lock as a title/abstract re-decision, so the record cannot leave full text meanwhile.
        if (request.Stage == ReviewStage.FullText) await FullTextEntry.RequireAsync(db, actor.ReviewId, request.RecordId, cancellationToken);
        // One round trip for everything the decision depends on (bench `api-load`: this endpoint is the hot path).
        // The latest suggestion is read as two scalar subqueries: as one object, EF numbers every suggestion of the
        // review with ROW_NUMBER() and joins, which cost 50-125 ms per decision once 16,000 suggestions were stored.
        var runStage = RunStages.ScreeningOf(request.Stage);
        var latest = db.Suggestions.Where(s => s.RecordId == request.RecordId && s.Status == SuggestionStatus.Parsed
                && db.Runs.Any(run => run.Id == s.RunId && run.ReviewId == actor.ReviewId && run.Stage == runStage))
            .OrderByDescending(s => s.Id);
        var record = await db.Records.Where(r => r.Id == request.RecordId)
            .Select(r => new
            {
                Adjudicated = db.Adjudications.Any(a => a.RecordId == r.Id && a.Stage == request.Stage),
                SuggestionId = latest.Select(s => (long?)s.Id).FirstOrDefault(),
                SuggestionDecision = latest.Select(s => s.Decision).FirstOrDefault(),
                Others = db.HumanDecisions.Where(d => d.RecordId == r.Id && d.Stage == request.Stage && d.ReviewerId != actor.ReviewerId)
                    .Select(d => new { d.Decision, d.BlindDecision }).ToList(),
            })
            .SingleAsync(cancellationToken);
        if (record.Adjudicated) throw new ConflictException($"record {request.RecordId} is already adjudicated; its decision is final");

        var now = time.GetUtcNow();
        var decision = await db.HumanDecisions.SingleOrDefaultAsync(
            d => d.RecordId == request.RecordId && d.ReviewerId == actor.ReviewerId && d.Stage == request.Stage, cancellationToken);
        var updated = decision is not null;
        // Adjudicators and admins see every decision without deciding first, so their decision on a record others
        // decided is never blind.
        var shownBefore = decision?.OthersShownAt is not null
            || (dual && record.Others.Count > 0 && DecisionRules.MaySeeOtherDecisions(dual, viewerHasDecided: false, actor.Role));
        if (decision is null)
        {
            decision = new HumanDecision { ReviewId = actor.ReviewId, RecordId = request.RecordId, ReviewerId = actor.ReviewerId, Stage = request.Stage, Version = 0 };
            db.HumanDecisions.Add(decision);
        }
        else if (decision.OthersShownAt is not null && decision.BlindDecision is null)
        {
            // The first change after seeing another's decision: the decision it replaces was the last blind one.
            decision.BlindDecision = decision.Decision;
            decision.BlindExclusionReason = decision.ExclusionReason;
        }
        var replaces = decision.Version == 0 ? (int?)null : decision.Version;
        decision.Version++;
        decision.Decision = request.Decision;
        decision.ExclusionReason = reason;
        decision.Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        decision.LlmSuggestionId = record.SuggestionId;
        decision.LlmSuggestedDecision = record.SuggestionId is null ? null : record.SuggestionDecision;
        decision.LlmSuggestionShown = record.SuggestionId is not null && protocol.Screening.ShowLlmSuggestion;
        decision.DecidedAt = now;
        var votes = record.Others.Select(o => new HumanVote(o.BlindDecision ?? o.Decision, o.Decision))
            .Append(new HumanVote(decision.BlindDecision ?? decision.Decision, decision.Decision)).ToList();
        var outcome = DecisionRules.Outcome(votes, null, dual);
        // The reply's record state tells this reviewer what the others decided (conflict or settled): from now on
        // they have seen it.
        if (dual && record.Others.Count > 0) decision.OthersShownAt ??= now;
        await db.SaveChangesAsync(cancellationToken);
        db.HumanDecisionVersions.Add(new HumanDecisionVersion
        {
            HumanDecisionId = decision.Id,
            ReviewId = actor.ReviewId,
            RecordId = request.RecordId,
            ReviewerId = actor.ReviewerId,
            Stage = request.Stage,
            Version = decision.Version,
            Decision = decision.Decision,
            ExclusionReason = decision.ExclusionReason,
            Note = decision.Note,
            DecidedAt = now,
            ReplacesVersion = replaces,
            OthersShownBefore = shownBefore,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new DecideResult(decision.Id, request.RecordId, decision.Decision, decision.ExclusionReason, updated, outcome.State, decision.Version);
    }

    /// <summary>Takes the record's row lock for the current transaction; a merged-away or foreign record is not found.</summary>
    internal static async Task LockRecordAsync(ScreenerDbContext db, long reviewId, long recordId, CancellationToken cancellationToken)
    {
        var found = await db.Database.SqlQuery<long>(
                $"""SELECT "Id" AS "Value" FROM "Records" WHERE "Id" = {recordId} AND "ReviewId" = {reviewId} AND "DuplicateOfId" IS NULL FOR UPDATE""")
            .ToListAsync(cancellationToken);
        if (found.Count == 0) throw NoRecord(recordId);
    }

    internal static async Task RequireRecordAsync(ScreenerDbContext db, long reviewId, long recordId, CancellationToken cancellationToken)
    {
        if (!await db.Records.AnyAsync(r => r.Id == recordId && r.ReviewId == reviewId && r.DuplicateOfId == null, cancellationToken))
            throw NoRecord(recordId);
    }

    private static NotFoundException NoRecord(long recordId) =>
        new($"no record {recordId} to screen in this review (merged duplicates are screened through their kept record)");
}
