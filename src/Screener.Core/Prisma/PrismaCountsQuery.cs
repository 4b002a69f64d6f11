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

        var settled = await SettledDecisions.ForStageAsync(db, reviewId, ReviewStage.TitleAbstract, cancellationToken);
        var excluded = settled.Values.Count(d => d == ScreeningDecision.Exclude);
        var included = settled.Values.Count(d => d == ScreeningDecision.Include);
        // Every exclusion in Screener is a human's (or an adjudicator's): the LLM only suggests. The PRISMA 2020
        // box "excluded by automation tools" is therefore kept, and counted apart, but stays 0 until a policy
        // lets a tool exclude without a human.
        return new PrismaCounts(perSource, identified, duplicates, screened, excluded,
            ExcludedByAutomation: 0, included, screened - excluded - included);
    }
}
