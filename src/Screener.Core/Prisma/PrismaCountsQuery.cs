using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;

namespace Screener.Core.Prisma;

/// <summary>Computes the live PRISMA counts of a review from its records, duplicate links and <see cref="ScreeningFigures"/>.</summary>
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
        var figures = await ScreeningFigures.LoadAsync(db, reviewId, ReviewStage.TitleAbstract, cancellationToken);
        // Every exclusion in Screener is a human's (or an adjudicator's): the LLM only suggests. The PRISMA 2020
        // box "excluded by automation tools" is therefore kept, and counted apart, but stays 0 until a policy
        // lets a tool exclude without a human.
        return new PrismaCounts(perSource, identified, duplicates, figures.UniqueRecords, figures.Excluded,
            ExcludedByAutomation: 0, figures.Included, figures.AwaitingDecision, figures);
    }
}
