using Screener.Core.Decisions;
using Screener.Core.FullText;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.HumanScreening;

/// <param name="FullText">The stored text page by page; null when none is attached ("not retrieved": a decision is still allowed).</param>
public sealed record FullTextScreeningItem(ScreeningItem Item, RecordFullText? FullText);

/// <summary>
/// One record as a reviewer screens it at full text: the screening item at the full-text stage (criteria, the LLM's
/// page-anchored quotes, blinding as at title/abstract) with the paper's pages. Only records that reached full text
/// (<see cref="FullTextEntry"/>) have one; any other is refused with a conflict that says why.
/// </summary>
public static class GetFullTextScreeningItem
{
    public static async Task<FullTextScreeningItem> RunAsync(
        ScreenerDbContext db, Ranking.QueueRankings rankings, TimeProvider time, ReviewActor actor, long recordId, CancellationToken ct)
    {
        await RecordDecision.RequireRecordAsync(db, actor.ReviewId, recordId, ct);
        await FullTextEntry.RequireAsync(db, actor.ReviewId, recordId, ct);
        var item = await GetScreeningItem.RunAsync(db, rankings, time, actor, recordId, ReviewStage.FullText, ct);
        return new FullTextScreeningItem(item, await RecordFullTexts.ForRecordAsync(db, recordId, ct));
    }
}
