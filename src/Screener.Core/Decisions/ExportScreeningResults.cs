using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Decisions;

public sealed record ScreeningResultRow(
    long RecordId, string? ExternalId, string Title, IReadOnlyList<string> Authors, int? Year, string? Journal, string? Doi, string? Pmid,
    string State, string? Decision, string? ExclusionReason, string SettledBy, string HumanDecisions);

/// <summary>
/// Every unique record with its screening state and final decision, for CSV/RIS/XLSX downloads. It shows every
/// reviewer's decision, so only adjudicators and admins may export (a reviewer would otherwise be unblinded).
/// </summary>
public static class ExportScreeningResults
{
    public static async Task<IReadOnlyList<ScreeningResultRow>> RunAsync(ScreenerDbContext db, ReviewActor actor, ReviewStage stage, CancellationToken cancellationToken)
    {
        if (!actor.CanAdjudicate) throw new ForbiddenException("only an adjudicator or admin can export: exports show every reviewer's decision");
        var records = await db.Records.AsNoTracking().Where(r => r.ReviewId == actor.ReviewId && r.DuplicateOfId == null)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var decisions = (await db.HumanDecisions.AsNoTracking().Where(d => d.ReviewId == actor.ReviewId && d.Stage == stage)
            .Join(db.Reviewers, d => d.ReviewerId, r => r.Id, (d, r) => new { d.RecordId, d.Decision, d.ExclusionReason, r.UserName })
            .ToListAsync(cancellationToken)).ToLookup(d => d.RecordId);
        var outcomes = (await SettledDecisions.OutcomesAsync(db, actor.ReviewId, stage, cancellationToken)).ToDictionary(v => v.RecordId);
        return records.Select(r =>
        {
            var humans = decisions[r.Id].OrderBy(d => d.UserName, StringComparer.Ordinal).ToList();
            var votes = outcomes.GetValueOrDefault(r.Id);
            var outcome = votes?.Outcome ?? new RecordOutcome(RecordState.Awaiting, null);
            var reason = votes is null ? null : SettledDecisions.SettledReason(votes);
            return new ScreeningResultRow(r.Id, r.ExternalId, r.Title, r.Authors, r.Year, r.Journal, r.Doi, r.Pmid,
                outcome.State.ToString().ToLowerInvariant(), outcome.Decision?.ToString().ToLowerInvariant(), reason,
                votes?.Adjudication is not null ? "adjudication" : outcome.State == RecordState.Settled ? "humans" : "",
                string.Join("; ", humans.Select(h => $"{h.UserName}: {h.Decision.ToString().ToLowerInvariant()}" + (h.ExclusionReason is null ? "" : $" ({h.ExclusionReason})"))));
        }).ToList();
    }
}
