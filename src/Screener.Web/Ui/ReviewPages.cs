using System.Globalization;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Prisma;
using Screener.Core.Ranking;
using Screener.Web.Api;
using static Screener.Web.Ui.Html;

namespace Screener.Web.Ui;

/// <summary>A review's overview (progress, agreement, downloads) and its PRISMA diagram.</summary>
public static class ReviewPages
{
    public static void Map(RouteGroupBuilder review)
    {
        review.MapGet("", OverviewAsync);
        review.MapGet("/prisma", async (HttpContext http, ScreenerDbContext db, CancellationToken ct) =>
        {
            var actor = http.Actor();
            var name = await NameAsync(db, actor.ReviewId, ct);
            var counts = await PrismaCountsQuery.RunAsync(db, actor.ReviewId, ct);
            return Page(http, "PRISMA", "<h1>PRISMA 2020 flow diagram</h1><figure class=\"prisma\">" + PrismaDiagram.Render(counts, name) +
                $"</figure><p><a href=\"/api/reviews/{I(actor.ReviewId)}/prisma.svg\" download>Download SVG</a></p>", ReviewNav(actor.ReviewId, name));
        });
    }

    internal static async Task<string> NameAsync(ScreenerDbContext db, long reviewId, CancellationToken ct) =>
        (await db.Reviews.FindAsync([reviewId], ct))!.Name;

    private static async Task<IResult> OverviewAsync(HttpContext http, ScreenerDbContext db, CancellationToken ct)
    {
        var actor = http.Actor();
        var name = await NameAsync(db, actor.ReviewId, ct);
        var counts = await PrismaCountsQuery.RunAsync(db, actor.ReviewId, ct);
        var figures = counts.Figures;
        // Agreement moves with each reviewer's decision: adjudicators and admins only (blinding).
        var agreement = actor.CanAdjudicate ? await ComputeAgreement.RunAsync(db, actor.ReviewId, ReviewStage.TitleAbstract, ct) : null;
        // The stopping aid first: when the queue's ranking is due, it is recomputed once with the aid's probabilities,
        // and the queue below takes that ranking (the other way round it was computed twice, without them and with).
        var stopping = await ReviewStoppingAid.RunAsync(db, actor, ct);
        var next = await NextRecord.RunAsync(db, actor, ReviewStage.TitleAbstract, ct);
        var id = I(actor.ReviewId);
        var downloads = actor.CanAdjudicate
            ? $"<h2>Downloads</h2><p><a href=\"/api/reviews/{id}/export?format=csv\">CSV</a> · <a href=\"/api/reviews/{id}/export?format=ris\">RIS</a> · " +
              $"<a href=\"/api/reviews/{id}/export?format=xlsx\">XLSX</a></p>"
            : "";
        var body = $"<h1>{E(name)}</h1><p>Your role: <strong>{E(actor.Role.ToString().ToLowerInvariant())}</strong>. " +
            $"{next.Remaining} record(s) waiting for you. <a class=\"button primary\" href=\"/reviews/{id}/screen\">Start screening</a></p>" +
            "<h2>Progress</h2><table class=\"figures\"><tbody>" +
            Row("Unique records (after duplicates)", figures.UniqueRecords, "unique") + Row("Settled (screened)", figures.Settled, "settled") +
            Row("Included", figures.Included, "included") + Row("Excluded by humans", figures.Excluded, "excluded") +
            Row("Excluded by automation", counts.ExcludedByAutomation, "excluded-automation") + Row("In conflict", figures.InConflict, "in-conflict") +
            Row("Awaiting a settled decision", figures.AwaitingDecision, "awaiting") + "</tbody></table>" + Stopping(stopping) +
            (agreement is null ? "" :
            "<h2>Agreement (title/abstract)</h2><table class=\"figures\"><thead><tr><th></th><th>pairs</th><th>agreement</th><th>Cohen's κ</th></tr></thead><tbody>" +
            Agreement("Human–human", agreement.HumanHuman) + Agreement("Human–LLM", agreement.HumanLlm) + "</tbody></table>" +
            $"<p>{agreement.DisagreeingPairs} human pair(s) disagreed; {agreement.Adjudicated} adjudicated.</p>") + downloads;
        return Page(http, name, body, ReviewNav(actor.ReviewId, name));
    }

    /// <summary>The stopping aid with what it was measured to mean (eval/simulation/README.md), so nobody stops on the number alone.</summary>
    private static string Stopping(StoppingAid s) =>
        "<h2>Stopping aid (title/abstract)</h2><table class=\"figures\" id=\"stopping-aid\"><tbody>" +
        Row("Records settled", s.Screened, "aid-settled") + Row("Includes found (settled)", s.IncludesFound, "aid-includes") +
        Row("Settled since the last include", s.RecordsSinceLastInclude, "aid-since-include") +
        $"<tr><th scope=\"row\">Estimated recall</th><td>{(s.EstimatedRecall is { } r ? E(r.ToString("P0", CultureInfo.InvariantCulture)) : "–")}</td></tr>" +
        $"<tr><th scope=\"row\">Recall test (95% target)</th><td id=\"recall-test\">{(s.RecallTestPassed ? "passed" : "not yet")} " +
        $"(p = {E(s.RecallTestP.ToString("0.###", CultureInfo.InvariantCulture))})</td></tr>" +
        "</tbody></table><p class=\"hint\">" + (s.EstimatedRecall is null
            ? $"The estimate needs at least {ActiveLearning.CalibrationFolds} includes and {ActiveLearning.CalibrationFolds} excludes among the decisions. "
            : "Replayed on 34 labelled reviews, when this estimate first said 95% the true recall was 87–100% (median 98%). " +
              "It cannot count an include unlike every one found so far: read it with the count since the last include. ") +
        "The recall test passes when so few includes among the latest records would be unlikely (p below 0.05) had recall " +
        "still been under 95%; replayed on the same reviews (170 runs) it never passed below 95% recall (lowest 95.2%), and " +
        "once in 140 runs with simulated LLM suggestions (93.8%), but only after about 80% of the records.</p>";

    private static string Row(string label, int value, string id) => $"<tr><th scope=\"row\">{E(label)}</th><td id=\"fig-{id}\">{value}</td></tr>";

    private static string Agreement(string label, AgreementFigure f) =>
        $"<tr><th scope=\"row\">{label}</th><td>{f.Pairs}</td><td>{Fmt(f.ObservedAgreement)}</td><td>{Fmt(f.Kappa)}</td></tr>";

    private static string Fmt(double? v) => v?.ToString("0.00", CultureInfo.InvariantCulture) ?? "–";
}
