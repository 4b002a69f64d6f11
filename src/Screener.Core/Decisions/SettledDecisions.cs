using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Protocol;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.Decisions;

/// <summary>A unique record's human decisions at one stage, its adjudication, and the outcome by <see cref="DecisionRules.Outcome(IReadOnlyCollection{HumanVote}, ScreeningDecision?, bool)"/>.</summary>
public sealed record RecordVotes(
    long RecordId, IReadOnlyList<HumanVote> Votes, ScreeningDecision? Adjudication, string? AdjudicationReason,
    string? IndependentExclusionReason, DateTimeOffset? FirstDecidedAt, RecordOutcome Outcome);

/// <summary>
/// The settled human decision per unique record at a stage (see <see cref="DecisionRules.Outcome(IReadOnlyCollection{HumanVote}, ScreeningDecision?, bool)"/>):
/// an adjudication wins; otherwise the required number of humans (two under dual review) must agree, independently.
/// Records still awaiting a human, unsure or in conflict are not settled. PRISMA, the overview, `status`, the
/// stopping aid, the exports and the eval gold standard all read these.
/// </summary>
public static class SettledDecisions
{
    /// <summary>Only the settled records, with their decision.</summary>
    public static async Task<Dictionary<long, ScreeningDecision>> ForStageAsync(
        ScreenerDbContext db, long reviewId, ReviewStage stage, CancellationToken ct) =>
        (await OutcomesAsync(db, reviewId, stage, ct)).Where(v => v.Outcome.State == RecordState.Settled)
            .ToDictionary(v => v.RecordId, v => v.Outcome.Decision!.Value);

    /// <summary>Every unique record with a human decision or an adjudication at the stage, with its outcome.</summary>
    public static Task<IReadOnlyList<RecordVotes>> OutcomesAsync(ScreenerDbContext db, long reviewId, ReviewStage stage, CancellationToken ct) =>
        OutcomesAsync(db, reviewId, stage, null, ct);

    /// <summary>One record's outcome at the stage (Awaiting with no votes when nobody decided it yet).</summary>
    public static async Task<RecordOutcome> OutcomeAsync(ScreenerDbContext db, long reviewId, long recordId, ReviewStage stage, CancellationToken ct) =>
        (await OutcomesAsync(db, reviewId, stage, recordId, ct)).SingleOrDefault()?.Outcome ?? new RecordOutcome(RecordState.Awaiting, null);

    private static async Task<IReadOnlyList<RecordVotes>> OutcomesAsync(ScreenerDbContext db, long reviewId, ReviewStage stage, long? recordId, CancellationToken ct)
    {
        var dual = await DualHumanReviewAsync(db, reviewId, ct);
        var adjudicated = await db.Adjudications
            .Where(a => a.ReviewId == reviewId && a.Stage == stage && (recordId == null || a.RecordId == recordId))
            .Where(a => db.Records.Any(r => r.Id == a.RecordId && r.DuplicateOfId == null))
            .ToDictionaryAsync(a => a.RecordId, a => new { a.Decision, a.ExclusionReason }, ct);
        var human = await db.HumanDecisions
            .Where(d => d.ReviewId == reviewId && d.Stage == stage && (recordId == null || d.RecordId == recordId))
            .Where(d => db.Records.Any(r => r.Id == d.RecordId && r.DuplicateOfId == null))
            .Select(d => new { d.RecordId, d.ReviewerId, d.Decision, d.BlindDecision, d.ExclusionReason, d.BlindExclusionReason, d.DecidedAt })
            .ToListAsync(ct);
        var byRecord = human.ToLookup(d => d.RecordId);
        return byRecord.Select(g => g.Key).Union(adjudicated.Keys).Order().Select(id =>
        {
            var decisions = byRecord[id].OrderBy(d => d.ReviewerId).ToList();
            var votes = decisions.Select(d => new HumanVote(d.BlindDecision ?? d.Decision, d.Decision)).ToList();
            var adjudication = adjudicated.GetValueOrDefault(id);
            var reason = decisions.Where(d => (d.BlindDecision ?? d.Decision) == ScreeningDecision.Exclude)
                .Select(d => d.BlindDecision is null ? d.ExclusionReason : d.BlindExclusionReason).FirstOrDefault(r => r is not null);
            return new RecordVotes(id, votes, adjudication?.Decision, adjudication?.ExclusionReason, reason,
                decisions.Count == 0 ? null : decisions.Min(d => d.DecidedAt), DecisionRules.Outcome(votes, adjudication?.Decision, dual));
        }).ToList();
    }

    /// <summary>The settled decision's exclusion reason: the adjudicator's, else the first independent one given.</summary>
    public static string? SettledReason(RecordVotes v) =>
        v.Outcome.Decision != ScreeningDecision.Exclude ? null : v.Adjudication is not null ? v.AdjudicationReason : v.IndependentExclusionReason;

    /// <summary>The review's protocol through the parsed-version cache (<see cref="ReviewLookup.ProtocolVersionAsync"/>): pages read this several times per load.</summary>
    internal static async Task<bool> DualHumanReviewAsync(ScreenerDbContext db, long reviewId, CancellationToken ct)
    {
        var version = await db.Reviews.Where(r => r.Id == reviewId && r.CurrentProtocolVersionId != null)
            .Select(r => new { Id = r.CurrentProtocolVersionId!.Value, r.CurrentProtocolVersion!.Hash, r.CurrentProtocolVersion.SourcePath })
            .SingleOrDefaultAsync(ct);
        return version is null
            ? ScreeningPolicy.Default.DualHumanReview
            : (await ReviewLookup.ProtocolVersionAsync(db, version.Id, version.Hash, version.SourcePath, ct)).Screening.DualHumanReview;
    }
}
