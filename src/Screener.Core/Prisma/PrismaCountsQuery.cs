using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
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

        var final = await FinalTitleAbstractDecisions(db, reviewId, cancellationToken);
        var excluded = final.Count(d => d == ScreeningDecision.Exclude);
        var included = final.Count(d => d == ScreeningDecision.Include);
        return new PrismaCounts(perSource, identified, duplicates, screened, excluded,
            ExcludedByAutomation: 0, included, screened - excluded - included);
    }

    /// <summary>
    /// The settled title/abstract decision per unique record: an adjudication wins; otherwise the humans'
    /// decisions when they agree. Unsure and conflicting records are still awaiting a decision.
    /// </summary>
    private static async Task<List<ScreeningDecision>> FinalTitleAbstractDecisions(
        ScreenerDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var adjudicated = await db.Adjudications
            .Where(a => a.ReviewId == reviewId && a.Stage == ReviewStage.TitleAbstract)
            .Select(a => new { a.RecordId, a.Decision }).ToListAsync(cancellationToken);
        var adjudicatedIds = adjudicated.Select(a => a.RecordId).ToHashSet();
        var human = await db.HumanDecisions
            .Where(d => d.ReviewId == reviewId && d.Stage == ReviewStage.TitleAbstract)
            .Where(d => db.Records.Any(r => r.Id == d.RecordId && r.DuplicateOfId == null))
            .Select(d => new { d.RecordId, d.Decision }).ToListAsync(cancellationToken);
        var agreed = human.Where(d => !adjudicatedIds.Contains(d.RecordId))
            .GroupBy(d => d.RecordId)
            .Select(g => g.Select(d => d.Decision).Distinct().ToList())
            .Where(ds => ds.Count == 1 && ds[0] != ScreeningDecision.Unsure)
            .Select(ds => ds[0]);
        return adjudicated.Select(a => a.Decision).Concat(agreed).ToList();
    }
}
