using Microsoft.AspNetCore.Mvc;
using Screener.Core;
using Screener.Core.Decisions;
using Screener.Core.HumanScreening;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;
using Screener.Web.Api;

namespace Screener.Web.Ui;

public sealed record AdjudicationForm(string? Decision, string? ExclusionReason, string? Note, string? Versions, string? Stage = null);

/// <summary>
/// The conflicts list of a stage (`?stage=fulltext` for full text): each with its abstract, both decisions with their
/// reasons, the LLM's suggestion and a link to the record; adjudicators close a conflict with their own decision.
/// </summary>
public static class ConflictsPage
{
    public static void Map(RouteGroupBuilder review)
    {
        review.MapGet("/conflicts", ShowAsync);
        review.MapPost("/records/{recordId:long}/adjudicate", AdjudicateAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, string? stage, CancellationToken ct)
    {
        var actor = http.Actor();
        var header = await ReviewPages.HeaderAsync(http, db, ct);
        var at = Parse.Stage(stage);
        var conflicts = await ListConflicts.RunAsync(db, time, actor, at, ct);
        var reasons = (await Core.Reviews.ReviewAccess.ProtocolAsync(db, actor.ReviewId, ct)).Eligibility(at).ExclusionReasons;
        return Pages.Render<ConflictsView, ConflictsModel>(new(header, actor.CanAdjudicate, conflicts, reasons, at));
    }

    private static async Task<IResult> AdjudicateAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, long recordId, [FromForm] AdjudicationForm form, CancellationToken ct)
    {
        var actor = http.Actor();
        var stage = Parse.Stage(form.Stage);
        var back = $"/reviews/{actor.ReviewId}/conflicts" + (stage == ReviewStage.FullText ? "?stage=fulltext" : "");
        try
        {
            await Adjudicate.RunAsync(db, time, actor, new AdjudicateRequest(recordId, stage,
                Parse.Enum<ScreeningDecision>("decision", form.Decision), form.ExclusionReason, form.Note, DecisionVersionRef.ParseList(form.Versions)), ct);
            return Results.Redirect(back);
        }
        catch (Exception e) when (e is InvalidInputException or ConflictException)
        {
            return ErrorMessages.RedirectWithError(back, e.Message);
        }
    }
}
