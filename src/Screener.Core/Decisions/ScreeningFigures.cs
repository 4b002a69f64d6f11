using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Decisions;

/// <summary>
/// The figures of one screening stage, each defined once here (README "Definitions") and read by the overview page,
/// `status`, PRISMA, the stopping aid and the eval gold standard.
/// </summary>
/// <param name="UniqueRecords">Records left after duplicates were removed: everything there is to screen (PRISMA 2020's "records screened" box counts these).</param>
/// <param name="Settled">Records with a settled decision (<see cref="DecisionRules.Outcome(IReadOnlyCollection{HumanVote}, ScreeningDecision?, bool)"/>): screened, in the sense a reviewer means.</param>
/// <param name="Included">Settled as include.</param>
/// <param name="Excluded">Settled as exclude (always by humans: the LLM only suggests).</param>
/// <param name="InConflict">The required humans decided but disagree, or one was unsure, and no adjudicator has decided yet.</param>
/// <param name="AwaitingDecision">Unique records not settled yet: awaiting a reviewer, or in conflict awaiting an adjudicator.</param>
public sealed record ScreeningFigures(int UniqueRecords, int Settled, int Included, int Excluded, int InConflict, int AwaitingDecision)
{
    public static ScreeningFigures Count(int uniqueRecords, IReadOnlyCollection<RecordOutcome> outcomes)
    {
        var included = outcomes.Count(o => o.State == RecordState.Settled && o.Decision == ScreeningDecision.Include);
        var excluded = outcomes.Count(o => o.State == RecordState.Settled && o.Decision == ScreeningDecision.Exclude);
        return new ScreeningFigures(uniqueRecords, included + excluded, included, excluded,
            outcomes.Count(o => o.State == RecordState.Conflict), uniqueRecords - included - excluded);
    }

    public static async Task<ScreeningFigures> LoadAsync(ScreenerDbContext db, long reviewId, ReviewStage stage, CancellationToken ct)
    {
        var unique = await db.Records.CountAsync(r => r.ReviewId == reviewId && r.DuplicateOfId == null, ct);
        var outcomes = await SettledDecisions.OutcomesAsync(db, reviewId, stage, ct);
        return Count(unique, outcomes.Select(o => o.Outcome).ToList());
    }
}
