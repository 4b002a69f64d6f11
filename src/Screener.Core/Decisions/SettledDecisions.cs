using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Protocol;
using Screener.Core.Screening;

namespace Screener.Core.Decisions;

/// <summary>
/// The settled human decision per unique record at a stage (see <see cref="DecisionRules.Outcome"/>): an
/// adjudication wins; otherwise the required number of humans (two under dual review) must agree. Records
/// still awaiting a human, unsure or in conflict are not settled. PRISMA counts and "included records" use this.
/// </summary>
public static class SettledDecisions
{
    public static async Task<Dictionary<long, ScreeningDecision>> ForStageAsync(
        ScreenerDbContext db, long reviewId, ReviewStage stage, CancellationToken ct)
    {
        var dual = await DualHumanReviewAsync(db, reviewId, ct);
        var adjudicated = await db.Adjudications
            .Where(a => a.ReviewId == reviewId && a.Stage == stage)
            .Where(a => db.Records.Any(r => r.Id == a.RecordId && r.DuplicateOfId == null))
            .ToDictionaryAsync(a => a.RecordId, a => a.Decision, ct);
        var human = await db.HumanDecisions
            .Where(d => d.ReviewId == reviewId && d.Stage == stage)
            .Where(d => db.Records.Any(r => r.Id == d.RecordId && r.DuplicateOfId == null))
            .Select(d => new { d.RecordId, d.Decision }).ToListAsync(ct);
        var byRecord = human.GroupBy(d => d.RecordId).ToDictionary(g => g.Key, g => g.Select(d => d.Decision).ToList());
        return byRecord.Keys.Union(adjudicated.Keys)
            .Select(id => (Id: id, Outcome: DecisionRules.Outcome(byRecord.GetValueOrDefault(id) ?? [], adjudicated.TryGetValue(id, out var a) ? a : null, dual)))
            .Where(x => x.Outcome.State == RecordState.Settled)
            .ToDictionary(x => x.Id, x => x.Outcome.Decision!.Value);
    }

    private static async Task<bool> DualHumanReviewAsync(ScreenerDbContext db, long reviewId, CancellationToken ct)
    {
        var version = await db.Reviews.Where(r => r.Id == reviewId).Select(r => r.CurrentProtocolVersion).SingleOrDefaultAsync(ct);
        return version is null
            ? ScreeningPolicy.Default.DualHumanReview
            : ProtocolLoader.Parse(version.YamlText, version.SourcePath).Screening.DualHumanReview;
    }
}
