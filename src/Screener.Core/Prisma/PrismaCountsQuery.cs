using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.FullText;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Prisma;

/// <summary>Computes the live PRISMA counts of a review from its records, duplicate links and <see cref="ScreeningFigures"/> of both stages.</summary>
public static class PrismaCountsQuery
{
    public static async Task<PrismaCounts> RunAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken) =>
        await RunAsync(db, reviewId, await SettledDecisions.OutcomesAsync(db, reviewId, ReviewStage.TitleAbstract, cancellationToken), cancellationToken);

    /// <param name="titleAbstract">The review's title/abstract outcomes, read once by a page that shows more of them.</param>
    public static async Task<PrismaCounts> RunAsync(ScreenerDbContext db, long reviewId, IReadOnlyList<RecordVotes> titleAbstract, CancellationToken cancellationToken)
    {
        var perSource = await db.Records.Where(r => r.ReviewId == reviewId)
            .GroupBy(r => r.ImportSource!.SourceName)
            .Select(g => new SourceCount(g.Key, g.Count()))
            .ToListAsync(cancellationToken);
        perSource = perSource.OrderBy(s => s.Source, StringComparer.Ordinal).ToList();
        var identified = perSource.Sum(s => s.Records);
        var duplicates = await db.Records.CountAsync(r => r.ReviewId == reviewId && r.DuplicateOfId != null, cancellationToken);
        // Every record comes from an import source and is unique or a duplicate: no third pass over the review's records.
        var figures = ScreeningFigures.Count(identified - duplicates, titleAbstract.Select(o => o.Outcome).ToList());
        // Every exclusion in Screener is a human's (or an adjudicator's): the LLM only suggests. The PRISMA 2020
        // box "excluded by automation tools" is therefore kept, and counted apart, but stays 0 until a policy
        // lets a tool exclude without a human.
        return new PrismaCounts(perSource, identified, duplicates, figures.UniqueRecords, figures.Excluded,
            ExcludedByAutomation: 0, figures.Included, figures.AwaitingDecision, figures, await FullTextAsync(db, reviewId, FullTextEntry.RecordIds(titleAbstract), cancellationToken));
    }

    private static async Task<FullTextFlow> FullTextAsync(ScreenerDbContext db, long reviewId, IReadOnlySet<long> sought, CancellationToken cancellationToken)
    {
        // A full-text decision on a record whose title/abstract decision later changed from include is kept, but that
        // record is no longer in the flow: every box below counts only records that reached full text.
        var outcomes = (await SettledDecisions.OutcomesAsync(db, reviewId, ReviewStage.FullText, cancellationToken))
            .Where(o => sought.Contains(o.RecordId)).ToList();
        // PRISMA's assessed box is sought minus not retrieved (RecordFullTexts.RetrievedAsync is the one rule).
        var retrieved = await RecordFullTexts.RetrievedAsync(db, reviewId, cancellationToken);
        var assessed = sought.Count(retrieved.Contains);
        var figures = ScreeningFigures.Count(assessed, outcomes.Select(o => o.Outcome).ToList());
        return new FullTextFlow(sought.Count, sought.Count - assessed, assessed, figures.Excluded, ExcludedWithReasons(outcomes), figures.Included,
            figures.AwaitingDecision, figures);
    }

    /// <summary>PRISMA 2020 asks for the full-text exclusions broken down by reason: one line per reason, largest first.</summary>
    public static IReadOnlyList<ReasonCount> ExcludedWithReasons(IEnumerable<RecordVotes> outcomes) =>
        outcomes.Where(o => o.Outcome is { State: RecordState.Settled, Decision: ScreeningDecision.Exclude })
            .GroupBy(o => SettledDecisions.SettledReason(o) ?? NoReason)
            .Select(g => new ReasonCount(g.Key, g.Count()))
            .OrderByDescending(r => r.Reports).ThenBy(r => r.Reason, StringComparer.Ordinal).ToList();

    /// <summary>The line for exclusions made while the protocol listed no reasons (a reason is then optional).</summary>
    public const string NoReason = "no reason given";
}
