using System.Text;
using Microsoft.AspNetCore.Mvc;
using Screener.Core;
using Screener.Core.Extraction;
using Screener.Core.Persistence;
using Screener.Core.Screening;
using Screener.Web.Api;
using static Screener.Web.Ui.Html;

namespace Screener.Web.Ui;

public sealed record VerifyForm(string? Action, string? Value, long RecordId);

/// <summary>Extraction verification: field by field, the draft value with its evidence highlighted; accept, edit or reject.</summary>
public static class ExtractionPage
{
    public static void Map(RouteGroupBuilder review)
    {
        review.MapGet("/extraction", ListAsync);
        review.MapGet("/extraction/{recordId:long}", ShowAsync);
        review.MapPost("/extraction/fields/{fieldId:long}", VerifyAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, ScreenerDbContext db, CancellationToken ct)
    {
        var actor = http.Actor();
        var name = await ReviewPages.NameAsync(db, actor.ReviewId, ct);
        var records = await GetExtractionRecord.ListAsync(db, actor, ct);
        var body = records.Count == 0 ? "<p>No extraction drafts yet (run <code>screener extract</code>).</p>"
            : "<ul class=\"reviews\">" + string.Concat(records.Select(r =>
                $"<li><a href=\"/reviews/{I(actor.ReviewId)}/extraction/{I(r.RecordId)}\">{E(r.Title)}</a> <span class=\"role\">{r.Verified}/{r.Fields} verified</span></li>")) + "</ul>";
        return Page(http, "Extraction", "<h1>Extraction verification</h1>" + body, ReviewNav(actor.ReviewId, name));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, ScreenerDbContext db, long recordId, CancellationToken ct)
    {
        var actor = http.Actor();
        var name = await ReviewPages.NameAsync(db, actor.ReviewId, ct);
        var view = await GetExtractionRecord.RunAsync(db, actor, recordId, ct);
        var source = view.Abstract ?? "";
        var spans = QuoteSpans.FindAll(source, view.Fields.Where(f => !string.IsNullOrWhiteSpace(f.Evidence)).Select(f => (f.FieldName, f.Evidence!)));
        var text = new StringBuilder();
        var at = 0;
        foreach (var s in spans)
        {
            text.Append(E(source[at..s.Start])).Append($"<mark class=\"ev-0\" data-field=\"{E(s.Label)}\" title=\"evidence for {E(s.Label)}\">")
                .Append(E(source.Substring(s.Start, s.Length))).Append("</mark>");
            at = s.Start + s.Length;
        }
        text.Append(E(source[at..]));
        var b = new StringBuilder($"<h1>{E(view.Title)}</h1><p class=\"meta\">Source: {E(view.SourceKind)}</p><div class=\"abstract card\" id=\"abstract\"><p>{text}</p></div><ol class=\"fields\">");
        foreach (var f in view.Fields) b.Append(Field(http, actor.ReviewId, recordId, f));
        b.Append("</ol>");
        return Page(http, "Extraction", b.ToString(), ReviewNav(actor.ReviewId, name));
    }

    private static string Field(HttpContext http, long reviewId, long recordId, ExtractionFieldView f)
    {
        var evidence = f.Evidence is null ? "<p class=\"meta\">No evidence quoted.</p>"
            : $"<blockquote class=\"evidence ev-0\">“{E(f.Evidence)}”{(f.Flags.Count > 0 ? $" <span class=\"flag\">{E(string.Join(", ", f.Flags))}</span>" : "")}</blockquote>";
        var current = f.Status == FieldReviewStatus.Draft ? "" : $"<p class=\"status status-{E(f.Status.ToString().ToLowerInvariant())}\">{E(f.Status.ToString())}{(f.FinalValue is null ? "" : $": {E(f.FinalValue)}")}</p>";
        return $"<li class=\"card field\" data-field=\"{E(f.FieldName)}\"><h2>{E(f.FieldName)} <span class=\"role\">{E(f.Type)}{(f.Required ? ", required" : "")}</span></h2>" +
            $"<p class=\"meta\">{E(f.Description)}</p><p>Draft: <strong class=\"draft\">{(f.NotReported ? "not reported" : E(f.DraftValue))}</strong>" +
            (f.Confidence is { } c ? $" <span class=\"meta\">(confidence {c:0.00})</span>" : "") + $"</p>{evidence}{current}" +
            $"<form method=\"post\" action=\"/reviews/{I(reviewId)}/extraction/fields/{I(f.FieldId)}\">{Antiforgery(http)}<input type=\"hidden\" name=\"recordId\" value=\"{I(recordId)}\">" +
            $"<label for=\"value-{I(f.FieldId)}\">Corrected value{(f.Type == "list" ? " (one per line)" : "")}</label>" +
            $"<textarea id=\"value-{I(f.FieldId)}\" name=\"value\" rows=\"2\">{E(f.FinalValue ?? f.DraftValue)}</textarea>" +
            "<div class=\"buttons\"><button type=\"submit\" name=\"action\" value=\"accept\" class=\"include\">Accept</button>" +
            "<button type=\"submit\" name=\"action\" value=\"edit\">Save edit</button>" +
            "<button type=\"submit\" name=\"action\" value=\"reject\" class=\"exclude\">Reject</button></div></form></li>";
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, long fieldId, [FromForm] VerifyForm form, CancellationToken ct)
    {
        var actor = http.Actor();
        var back = $"/reviews/{I(actor.ReviewId)}/extraction/{I(form.RecordId)}";
        try
        {
            await VerifyExtractionField.RunAsync(db, time, actor, new VerifyFieldRequest(fieldId, Parse.Enum<FieldVerification>("action", form.Action), form.Value), ct);
            return Results.Redirect(back);
        }
        catch (InvalidInputException e)
        {
            return RedirectWithError(back, e.Message);
        }
    }
}
