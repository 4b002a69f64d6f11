using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Decisions;

public sealed record ConflictView(long RecordId, string Title, IReadOnlyList<DecisionView> Decisions);

/// <summary>
/// Records whose human decisions disagree (or include "unsure") and that no adjudicator has decided yet.
/// Adjudicators and admins see all of them; a reviewer sees only conflicts on records they decided themselves
/// (by then both sides have decided, so blinding is not broken).
/// </summary>
public static class ListConflicts
{
    public static async Task<IReadOnlyList<ConflictView>> RunAsync(ScreenerDbContext db, ReviewActor actor, ReviewStage stage, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        var rows = await db.HumanDecisions.AsNoTracking()
            .Where(d => d.ReviewId == actor.ReviewId && d.Stage == stage)
            .Where(d => !db.Adjudications.Any(a => a.RecordId == d.RecordId && a.Stage == stage))
            .Join(db.Reviewers, d => d.ReviewerId, r => r.Id, (d, r) => new { d, Name = r.DisplayName ?? r.UserName })
            .ToListAsync(cancellationToken);
        var conflicted = rows.GroupBy(x => x.d.RecordId)
            .Where(g => DecisionRules.Outcome(g.Select(x => x.d.Decision).ToList(), null, protocol.Screening.DualHumanReview).State == RecordState.Conflict)
            .Where(g => actor.CanAdjudicate || g.Any(x => x.d.ReviewerId == actor.ReviewerId))
            .OrderBy(g => g.Key).ToList();
        var ids = conflicted.Select(g => g.Key).ToList();
        var titles = await db.Records.Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Title, cancellationToken);
        return conflicted.Select(g => new ConflictView(g.Key, titles[g.Key],
            g.OrderBy(x => x.d.DecidedAt).Select(x => new DecisionView(x.Name, x.d.Decision, x.d.ExclusionReason, x.d.Note, x.d.DecidedAt)).ToList())).ToList();
    }
}
