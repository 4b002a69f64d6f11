using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.HumanScreening;

/// <param name="Versions">The decision versions shown, to send back with the adjudication ("decisionId:version,...").</param>
/// <param name="Llm">The LLM's latest suggestion at the stage, when the protocol shows suggestions (as on the screening page).</param>
public sealed record ConflictView(long RecordId, string Title, IReadOnlyList<DecisionView> Decisions, string Versions, string? Abstract = null, LlmView? Llm = null);

/// <summary>
/// Records whose independent human decisions disagree (or include "unsure"), or that a reviewer changed after seeing
/// another's decision, and that no adjudicator has decided yet. Each decision shows its independent value and
/// whether it changed after its reviewer saw another's. Adjudicators and admins see all of them; a reviewer sees only
/// conflicts on records they decided themselves (by then both sides have decided), and is recorded as having seen them.
/// </summary>
public static class ListConflicts
{
    public static async Task<IReadOnlyList<ConflictView>> RunAsync(
        ScreenerDbContext db, TimeProvider time, ReviewActor actor, ReviewStage stage, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        var rows = await db.HumanDecisions
            .Where(d => d.ReviewId == actor.ReviewId && d.Stage == stage)
            .Where(d => !db.Adjudications.Any(a => a.RecordId == d.RecordId && a.Stage == stage))
            .Join(db.Reviewers, d => d.ReviewerId, r => r.Id, (d, r) => new { d, Name = r.DisplayName ?? r.UserName })
            .ToListAsync(cancellationToken);
        var conflicted = rows.GroupBy(x => x.d.RecordId)
            .Where(g => DecisionRules.Outcome(g.Select(x => new HumanVote(x.d.IndependentDecision, x.d.Decision)).ToList(), null,
                protocol.Screening.DualHumanReview).State == RecordState.Conflict)
            .Where(g => actor.CanAdjudicate || g.Any(x => x.d.ReviewerId == actor.ReviewerId))
            .OrderBy(g => g.Key).ToList();
        if (!actor.CanAdjudicate)
        {
            foreach (var mine in conflicted.SelectMany(g => g).Where(x => x.d.ReviewerId == actor.ReviewerId && x.d.OthersShownAt is null))
                mine.d.OthersShownAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
        var ids = conflicted.Select(g => g.Key).ToList();
        var texts = await db.Records.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => new { r.Title, r.Abstract }, cancellationToken);
        var llm = new Dictionary<long, LlmView>();
        if (protocol.Screening.ShowLlmSuggestion)
            foreach (var id in ids)
                if (await GetScreeningItem.LlmAsync(db, actor.ReviewId, id, Jobs.RunStages.ScreeningOf(stage), protocol.Screening, cancellationToken) is { } found)
                    llm[id] = found.View;
        return conflicted.Select(g => new ConflictView(g.Key, texts[g.Key].Title,
            g.OrderBy(x => x.d.DecidedAt).Select(x => DecisionView.Of(x.d, x.Name)).ToList(),
            DecisionVersionRef.Format(g.Select(x => new DecisionVersionRef(x.d.Id, x.d.Version))), texts[g.Key].Abstract, llm.GetValueOrDefault(g.Key))).ToList();
    }
}
