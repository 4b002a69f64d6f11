using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Decisions;

/// <summary>
/// Which records reach full text: those whose title/abstract decision is settled as include (<see cref="SettledDecisions"/>,
/// the one definition of settled). PRISMA's "reports sought for retrieval" box, the full-text queue, LLM full-text
/// screening and the gate on human full-text decisions all read this.
/// </summary>
public static class FullTextEntry
{
    public static async Task<IReadOnlySet<long>> RecordIdsAsync(ScreenerDbContext db, long reviewId, CancellationToken ct) =>
        RecordIds(await SettledDecisions.OutcomesAsync(db, reviewId, ReviewStage.TitleAbstract, ct));

    /// <summary>The same from title/abstract outcomes a caller has already read (<see cref="SettledDecisions.OutcomesAsync(ScreenerDbContext, long, ReviewStage, CancellationToken)"/>).</summary>
    public static IReadOnlySet<long> RecordIds(IEnumerable<RecordVotes> titleAbstractOutcomes) =>
        titleAbstractOutcomes.Where(v => v.Outcome is { State: RecordState.Settled, Decision: ScreeningDecision.Include }).Select(v => v.RecordId).ToHashSet();

    /// <summary>Whether one record reached full text (its title/abstract decision is settled as include).</summary>
    public static async Task<bool> ReachedAsync(ScreenerDbContext db, long reviewId, long recordId, CancellationToken ct) =>
        await SettledDecisions.OutcomeAsync(db, reviewId, recordId, ReviewStage.TitleAbstract, ct) is { State: RecordState.Settled, Decision: ScreeningDecision.Include };

    /// <summary>Refuses a full-text decision (or adjudication) on a record that was not included at title/abstract.</summary>
    public static async Task RequireAsync(ScreenerDbContext db, long reviewId, long recordId, CancellationToken ct)
    {
        var outcome = await SettledDecisions.OutcomeAsync(db, reviewId, recordId, ReviewStage.TitleAbstract, ct);
        if (outcome is { State: RecordState.Settled, Decision: ScreeningDecision.Include }) return;
        var now = outcome.State == RecordState.Settled
            ? $"its title/abstract decision is {outcome.Decision.ToString()!.ToLowerInvariant()}"
            : $"its title/abstract decision is not settled ({outcome.State.ToString().ToLowerInvariant()})";
        throw new ConflictException($"record {recordId} is not at full text: only records included at title/abstract get a full-text decision, and {now}. " +
            "Settle its title/abstract screening as include first");
    }
}
