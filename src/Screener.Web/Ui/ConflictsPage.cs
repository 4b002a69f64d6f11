using Microsoft.AspNetCore.Mvc;
using Screener.Core;
using Screener.Core.Decisions;
using Screener.Core.HumanScreening;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;
using Screener.Web.Api;

namespace Screener.Web.Ui;

public sealed record AdjudicationForm(string? Decision, string? ExclusionReason, string? Note, string? Versions);

/// <summary>The conflicts list; adjudicators close a conflict with their own decision.</summary>
public static class ConflictsPage
{
    public static void Map(RouteGroupBuilder review)
    {
        review.MapGet("/conflicts", ShowAsync);
        review.MapPost("/records/{recordId:long}/adjudicate", AdjudicateAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, CancellationToken ct)
    {
        var actor = http.Actor();
        var header = await ReviewPages.HeaderAsync(http, db, ct);
        var conflicts = await ListConflicts.RunAsync(db, time, actor, ReviewStage.TitleAbstract, ct);
        var reasons = (await Core.Reviews.ReviewAccess.ProtocolAsync(db, actor.ReviewId, ct)).ExclusionReasons;
        return Pages.Render<ConflictsView, ConflictsModel>(new(header, actor.CanAdjudicate, conflicts, reasons));
    }

    private static async Task<IResult> AdjudicateAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, long recordId, [FromForm] AdjudicationForm form, CancellationToken ct)
    {
        var actor = http.Actor();
        var back = $"/reviews/{actor.ReviewId}/conflicts";
        try
        {
            await Adjudicate.RunAsync(db, time, actor, new AdjudicateRequest(recordId, ReviewStage.TitleAbstract,
                Parse.Enum<ScreeningDecision>("decision", form.Decision), form.ExclusionReason, form.Note, DecisionVersionRef.ParseList(form.Versions)), ct);
            return Results.Redirect(back);
        }
        catch (Exception e) when (e is InvalidInputException or ConflictException)
        {
            return ErrorMessages.RedirectWithError(back, e.Message);
        }
    }
}
