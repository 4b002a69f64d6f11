using Microsoft.AspNetCore.Mvc;
using Screener.Core;
using Screener.Core.Decisions;
using Screener.Core.HumanScreening;
using Screener.Core.Persistence;
using Screener.Core.Ranking;
using Screener.Core.Vocabulary;
using Screener.Web.Api;

namespace Screener.Web.Ui;

/// <param name="Stage">Empty for title/abstract; "fulltext" from the full-text page.</param>
public sealed record DecisionForm(string? Decision, string? ExclusionReason, string? Note, string? Stage = null);

/// <summary>
/// The screening screen: next record from the ranked queue, text with the LLM's evidence highlighted per criterion,
/// the criteria checklist with verdicts, and include / exclude / unsure with keyboard shortcuts (screener.js).
/// </summary>
public static class ScreenPage
{
    public static void Map(RouteGroupBuilder review)
    {
        review.MapGet("/screen", ShowAsync);
        review.MapPost("/records/{recordId:long}/decide", DecideAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, ScreenerDbContext db, QueueRankings rankings, TimeProvider time, long? record, CancellationToken ct)
    {
        var actor = http.Actor();
        var header = await ReviewPages.HeaderAsync(http, db, ct);
        var recordId = record ?? (await NextRecord.RunAsync(db, rankings, actor, ReviewStage.TitleAbstract, ct)).RecordId;
        if (recordId is null) return Pages.Render<QueueEmptyPage, ReviewHeader>(header);
        var item = await GetScreeningItem.RunAsync(db, rankings, time, actor, recordId.Value, ReviewStage.TitleAbstract, ct);
        return Pages.Render<ScreenView, ScreenModel>(new(header, item, await FullTextEntry.ReachedAsync(db, actor.ReviewId, item.RecordId, ct)));
    }

    private static async Task<IResult> DecideAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, long recordId, [FromForm] DecisionForm form, CancellationToken ct)
    {
        var actor = http.Actor();
        var stage = Parse.Stage(form.Stage);
        var back = $"/reviews/{actor.ReviewId}/" + (stage == ReviewStage.FullText ? "fulltext" : "screen");
        try
        {
            var decision = Parse.Enum<ScreeningDecision>("decision", form.Decision);
            await RecordDecision.RunAsync(db, time, actor, new DecideRequest(recordId, stage, decision, form.ExclusionReason, form.Note), ct);
            return Results.Redirect(back);
        }
        catch (Exception e) when (e is InvalidInputException or ConflictException)
        {
            // An adjudicated record is final: back to it, where its outcome shows instead of the decision form (a record
            // no longer at full text shows why, with the way back).
            return ErrorMessages.RedirectWithError($"{back}?record={recordId}", e.Message);
        }
    }
}
