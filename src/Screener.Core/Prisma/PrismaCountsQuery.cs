using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Protocol;
using Screener.Core.Screening;

namespace Screener.Core.Prisma;

/// <summary>Computes the live PRISMA counts of a review from its records, duplicate links and decisions.</summary>
public static class PrismaCountsQuery
{
    public static async Task<PrismaCounts> RunAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var perSource = await db.Records.Where(r => r.ReviewId == reviewId)
            .GroupBy(r => r.ImportSource!.SourceName)
            .Select(g => new SourceCount(g.Key, g.Count()))
            .ToListAsync(cancellationToken);
        perSource = perSource.OrderBy(s => s.Source, StringComparer.Ordinal).ToList();
        var identified = perSource.Sum(s => s.Records);
        var duplicates = await db.Records.CountAsync(r => r.ReviewId == reviewId && r.DuplicateOfId != null, cancellationToken);
        var screened = identified - duplicates;

        var final = await SettledTitleAbstractDecisions(db, reviewId, cancellationToken);
        var excluded = final.Count(d => d == ScreeningDecision.Exclude);
        var included = final.Count(d => d == ScreeningDecision.Include);
        // Every exclusion in Screener is a human's (or an adjudicator's): the LLM only suggests. The PRISMA 2020
        // box "excluded by automation tools" is therefore kept, and counted apart, but stays 0 until a policy
        // lets a tool exclude without a human.
        return new PrismaCounts(perSource, identified, duplicates, screened, excluded,
            ExcludedByAutomation: 0, included, screened - excluded - included);
    }

    /// <summary>
    /// The settled title/abstract decision per unique record (see <see cref="DecisionRules.Outcome"/>): an
    /// adjudication wins; otherwise the required number of humans (two under dual review) must agree.
    /// Records still awaiting a human or in conflict are not settled.
    /// </summary>
    private static async Task<List<ScreeningDecision>> SettledTitleAbstractDecisions(
        ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var dual = await DualHumanReviewAsync(db, reviewId, cancellationToken);
        var adjudicated = await db.Adjudications
            .Where(a => a.ReviewId == reviewId && a.Stage == ReviewStage.TitleAbstract)
            .Where(a => db.Records.Any(r => r.Id == a.RecordId && r.DuplicateOfId == null))
            .ToDictionaryAsync(a => a.RecordId, a => a.Decision, cancellationToken);
        var human = await db.HumanDecisions
            .Where(d => d.ReviewId == reviewId && d.Stage == ReviewStage.TitleAbstract)
            .Where(d => db.Records.Any(r => r.Id == d.RecordId && r.DuplicateOfId == null))
            .Select(d => new { d.RecordId, d.Decision }).ToListAsync(cancellationToken);
        var byRecord = human.GroupBy(d => d.RecordId).ToDictionary(g => g.Key, g => g.Select(d => d.Decision).ToList());
        return byRecord.Keys.Union(adjudicated.Keys)
            .Select(id => DecisionRules.Outcome(byRecord.GetValueOrDefault(id) ?? [], adjudicated.TryGetValue(id, out var a) ? a : null, dual))
            .Where(o => o.State == RecordState.Settled).Select(o => o.Decision!.Value).ToList();
    }

    private static async Task<bool> DualHumanReviewAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var version = await db.Reviews.Where(r => r.Id == reviewId).Select(r => r.CurrentProtocolVersion).SingleOrDefaultAsync(cancellationToken);
        return version is null
            ? ScreeningPolicy.Default.DualHumanReview
            : ProtocolLoader.Parse(version.YamlText, version.SourcePath).Screening.DualHumanReview;
    }
}
