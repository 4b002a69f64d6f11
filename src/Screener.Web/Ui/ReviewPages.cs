using Screener.Core.Decisions;
using Screener.Core.HumanScreening;
using Screener.Core.Persistence;
using Screener.Core.Prisma;
using Screener.Core.Ranking;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;
using Screener.Web.Api;

namespace Screener.Web.Ui;

/// <summary>A review's overview (progress, agreement, downloads) and its PRISMA diagram.</summary>
public static class ReviewPages
{
    public static void Map(RouteGroupBuilder review)
    {
        review.MapGet("", OverviewAsync);
        review.MapGet("/prisma", async (HttpContext http, ScreenerDbContext db, CancellationToken ct) =>
        {
            var header = await HeaderAsync(http, db, ct);
            var counts = await PrismaCountsQuery.RunAsync(db, header.Id, ct);
            return Pages.Render<PrismaPage, PrismaModel>(new(header, PrismaDiagram.Render(counts, header.Name)));
        });
    }

    internal static async Task<ReviewHeader> HeaderAsync(HttpContext http, ScreenerDbContext db, CancellationToken ct)
    {
        var actor = http.Actor();
        return new ReviewHeader(actor.ReviewId, await GetReviewName.RunAsync(db, actor, ct));
    }

    private static async Task<IResult> OverviewAsync(HttpContext http, ScreenerDbContext db, QueueRankings rankings, TimeProvider time, CancellationToken ct)
    {
        var actor = http.Actor();
        var header = await HeaderAsync(http, db, ct);
        // The title/abstract outcomes once, for the counts, the stopping aid and the recall curve.
        var outcomes = await SettledDecisions.OutcomesAsync(db, actor.ReviewId, ReviewStage.TitleAbstract, ct);
        var settled = RecallCurve.SettledInOrder(outcomes);
        var counts = await PrismaCountsQuery.RunAsync(db, actor.ReviewId, outcomes, ct);
        // Agreement moves with each reviewer's decision: adjudicators and admins only (blinding).
        var agreement = actor.CanAdjudicate ? await ComputeAgreement.RunAsync(db, actor.ReviewId, ReviewStage.TitleAbstract, ct) : null;
        // The ranking is the read model's last one (computed in the background), shown with its age.
        var (stopping, read) = await ReviewStoppingAid.WithRankingAsync(db, rankings, actor, settled, ct);
        var next = await NextRecord.RunAsync(db, rankings, actor, ReviewStage.TitleAbstract, read, ct);
        var curve = RecallCurve.Svg(RecallCurve.Of(settled), counts.Figures.UniqueRecords, $"{header.Name}: includes found as records were screened");
        return Pages.Render<OverviewPage, OverviewModel>(new(header, actor, counts, agreement, stopping, next.Remaining, curve, RankingAge.Of(read.Ranking).Describe(time.GetUtcNow())));
    }
}
