using System.Text;
using Microsoft.AspNetCore.Mvc;
using Screener.Core;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Screening;
using Screener.Web.Api;
using static Screener.Web.Ui.Html;

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
        var name = await ReviewPages.NameAsync(db, actor.ReviewId, ct);
        var conflicts = await ListConflicts.RunAsync(db, time, actor, ReviewStage.TitleAbstract, ct);
        var reasons = (await Core.Reviews.ReviewAccess.ProtocolAsync(db, actor.ReviewId, ct)).ExclusionReasons;
        var b = new StringBuilder($"<h1>Conflicts</h1><p id=\"conflict-count\">{conflicts.Count} open conflict(s).</p>");
        if (!actor.CanAdjudicate) b.Append("<p>Only an adjudicator can resolve conflicts; you see those on records you decided.</p>");
        b.Append("<ul class=\"conflicts\">");
        foreach (var c in conflicts)
        {
            b.Append($"<li class=\"card\" data-record-id=\"{I(c.RecordId)}\"><h2>{E(c.Title)}</h2><ul>");
            foreach (var d in c.Decisions)
                b.Append($"<li>{E(d.Reviewer)}: <strong>{E(d.Decision.ToString().ToLowerInvariant())}</strong>{(d.ExclusionReason is null ? "" : $" ({E(d.ExclusionReason)})")}{(d.Note is null ? "" : $" — {E(d.Note)}")}" +
                    (d.ChangedAfterSeeingOthers ? $" <span class=\"flag changed\">changed after seeing another's decision; independently {E(d.IndependentDecision.ToString().ToLowerInvariant())}</span>" : "") + "</li>");
            b.Append("</ul>");
            if (actor.CanAdjudicate) b.Append(Form(http, actor.ReviewId, c, reasons));
            b.Append("</li>");
        }
        b.Append("</ul>");
        return Page(http, "Conflicts", b.ToString(), ReviewNav(actor.ReviewId, name));
    }

    /// <summary>The form carries the decision versions shown, so a reviewer's re-decision meanwhile makes it stale (409) rather than settled unseen.</summary>
    private static string Form(HttpContext http, long reviewId, ConflictView conflict, IReadOnlyList<string> reasons) =>
        $"<form method=\"post\" class=\"adjudicate\" action=\"/reviews/{I(reviewId)}/records/{I(conflict.RecordId)}/adjudicate\">{Antiforgery(http)}" +
        $"<input type=\"hidden\" name=\"versions\" value=\"{E(conflict.Versions)}\">" + Fields(conflict.RecordId, reasons);

    private static string Fields(long recordId, IReadOnlyList<string> reasons) =>
        $"<label for=\"reason-{I(recordId)}\">Exclusion reason</label><select id=\"reason-{I(recordId)}\" name=\"exclusionReason\"><option value=\"\">(for an exclusion)</option>" +
        string.Concat(reasons.Select(r => $"<option>{E(r)}</option>")) + "</select>" +
        $"<label for=\"note-{I(recordId)}\">Note</label><input id=\"note-{I(recordId)}\" name=\"note\">" +
        "<div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"include\" class=\"include\">Include</button>" +
        "<button type=\"submit\" name=\"decision\" value=\"exclude\" class=\"exclude\">Exclude</button></div></form>";

    private static async Task<IResult> AdjudicateAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, long recordId, [FromForm] AdjudicationForm form, CancellationToken ct)
    {
        var actor = http.Actor();
        var back = $"/reviews/{I(actor.ReviewId)}/conflicts";
        try
        {
            await Adjudicate.RunAsync(db, time, actor, new AdjudicateRequest(recordId, ReviewStage.TitleAbstract,
                Parse.Enum<ScreeningDecision>("decision", form.Decision), form.ExclusionReason, form.Note, DecisionVersionRef.ParseList(form.Versions)), ct);
            return Results.Redirect(back);
        }
        catch (Exception e) when (e is InvalidInputException or ConflictException)
        {
            return RedirectWithError(back, e.Message);
        }
    }
}
