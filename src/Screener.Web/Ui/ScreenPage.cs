using System.Text;
using Microsoft.AspNetCore.Mvc;
using Screener.Core;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Screening;
using Screener.Web.Api;
using static Screener.Web.Ui.Html;

namespace Screener.Web.Ui;

public sealed record DecisionForm(string? Decision, string? ExclusionReason, string? Note);

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

    private static async Task<IResult> ShowAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, long? record, CancellationToken ct)
    {
        var actor = http.Actor();
        var name = await ReviewPages.NameAsync(db, actor.ReviewId, ct);
        var nav = ReviewNav(actor.ReviewId, name);
        var recordId = record ?? (await NextRecord.RunAsync(db, actor, ReviewStage.TitleAbstract, ct)).RecordId;
        if (recordId is null)
            return Page(http, "Screening", "<h1>Nothing left to screen</h1><p id=\"queue-empty\">Every record has the decisions it needs from you. " +
                $"<a href=\"/reviews/{I(actor.ReviewId)}/conflicts\">See conflicts</a>.</p>", nav);
        var item = await GetScreeningItem.RunAsync(db, time, actor, recordId.Value, ReviewStage.TitleAbstract, ct);
        return Page(http, "Screening", Render(http, item), nav);
    }

    private static async Task<IResult> DecideAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, long recordId, [FromForm] DecisionForm form, CancellationToken ct)
    {
        var actor = http.Actor();
        var back = $"/reviews/{I(actor.ReviewId)}/screen";
        try
        {
            var decision = Parse.Enum<ScreeningDecision>("decision", form.Decision);
            await RecordDecision.RunAsync(db, time, actor, new DecideRequest(recordId, ReviewStage.TitleAbstract, decision, form.ExclusionReason, form.Note), ct);
            return Results.Redirect(back);
        }
        catch (Exception e) when (e is InvalidInputException or ConflictException)
        {
            // An adjudicated record is final: back to it, where its outcome shows instead of the decision form.
            return RedirectWithError($"{back}?record={I(recordId)}", e.Message);
        }
    }

    private static string Render(HttpContext http, ScreeningItem item)
    {
        var quotes = item.Criteria.Where(c => !string.IsNullOrWhiteSpace(c.Evidence)).Select(c => (c.Id, c.Evidence!)).ToList();
        var colour = item.Criteria.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i % 6);
        var b = new StringBuilder();
        b.Append($"<p class=\"progress\" id=\"progress\">Decided {item.Progress.DecidedByMe} of {item.Progress.Total} · record {item.Progress.Position} in the queue</p>");
        b.Append($"<article class=\"record card\" data-record-id=\"{I(item.RecordId)}\"><h1 id=\"record-title\">{Highlight(item.Title, quotes, colour)}</h1>");
        b.Append(Meta(item));
        b.Append("<div class=\"abstract\" id=\"abstract\">").Append(item.Abstract is null ? "<p><em>No abstract.</em></p>" : $"<p>{Highlight(item.Abstract, quotes, colour)}</p>").Append("</div></article>");
        b.Append("<div class=\"columns\"><section class=\"card\" aria-labelledby=\"criteria-h\"><h2 id=\"criteria-h\">Criteria</h2><ul class=\"criteria\">");
        foreach (var c in item.Criteria) b.Append(CriterionItem(c, colour[c.Id], item));
        b.Append("</ul>").Append(LlmBox(item)).Append("</section>");
        b.Append("<section class=\"card\" aria-labelledby=\"decide-h\"><h2 id=\"decide-h\">Your decision</h2>").Append(Others(item)).Append(item.Adjudicated is { } final ? Adjudicated(final) : DecisionFormHtml(http, item)).Append("</section></div>");
        b.Append(NavLinks(item));
        return b.ToString();
    }

    private static string Meta(ScreeningItem item)
    {
        var parts = new List<string>();
        if (item.Authors.Count > 0) parts.Add(E(string.Join(", ", item.Authors.Take(6)) + (item.Authors.Count > 6 ? " et al." : "")));
        if (item.Year is not null) parts.Add(I(item.Year.Value));
        if (!string.IsNullOrWhiteSpace(item.Journal)) parts.Add($"<em>{E(item.Journal)}</em>");
        if (!string.IsNullOrWhiteSpace(item.Doi)) parts.Add($"doi:{E(item.Doi)}");
        if (!string.IsNullOrWhiteSpace(item.Pmid)) parts.Add($"PMID {E(item.Pmid)}");
        return parts.Count == 0 ? "" : $"<p class=\"meta\">{string.Join(" · ", parts)}</p>";
    }

    private static string CriterionItem(CriterionView c, int colour, ScreeningItem item)
    {
        var located = c.Evidence is not null && (QuoteSpans.Find(item.Title, c.Evidence) ?? (item.Abstract is null ? null : QuoteSpans.Find(item.Abstract, c.Evidence))) is not null;
        var verdict = c.LlmVerdict is null ? "" : $" <span class=\"verdict verdict-{E(c.LlmVerdict.Replace('_', '-'))}\">{E(c.LlmVerdict.Replace('_', ' '))}</span>";
        var evidence = c.Evidence is null ? "" :
            $"<blockquote class=\"evidence ev-{colour}\">“{E(c.Evidence)}”{(located && c.Grounded != false ? "" : " <span class=\"flag\">not found in the text</span>")}</blockquote>";
        return $"<li data-criterion=\"{E(c.Id)}\"><span class=\"cid ev-{colour}\">{E(c.Id)}</span> {E(c.Text)}{verdict}{evidence}</li>";
    }

    private static string LlmBox(ScreeningItem item)
    {
        if (item.LlmHiddenByProtocol) return "<p class=\"llm\" id=\"llm\">The protocol hides the LLM's suggestion from reviewers.</p>";
        if (item.Llm is null) return "<p class=\"llm\" id=\"llm\">No LLM suggestion for this record.</p>";
        var l = item.Llm;
        return $"<p class=\"llm\" id=\"llm\">LLM suggests <strong>{E(l.Decision?.ToString().ToLowerInvariant() ?? "nothing")}</strong>" +
            (l.InclusionProbability is { } p ? $" · inclusion probability {p:0.00}" : "") + (l.Confidence is { } c ? $" · confidence {c:0.00}" : "") +
            (l.ExclusionReason is null ? "" : $" · reason: {E(l.ExclusionReason)}") +
            (l.Flags.Count == 0 ? "" : $" · <span class=\"flag\">{E(string.Join(", ", l.Flags))}</span>") +
            (l.Route == Core.Screening.Route.HumanFirst ? $" · <span class=\"route\" id=\"route\">decide yourself first: {E(l.RouteReason)}</span>" : "") + "</p>";
    }

    private static string Others(ScreeningItem item) =>
        item.OthersBlinded ? "<p class=\"blinded\" id=\"others\">Other reviewers' decisions are hidden until you decide (blinded dual screening).</p>"
        : item.OtherDecisions is { Count: > 0 } others
            ? "<ul class=\"others\" id=\"others\">" + string.Concat(others.Select(o => $"<li>{E(o.Reviewer)}: <strong>{E(o.Decision.ToString().ToLowerInvariant())}</strong>{(o.ExclusionReason is null ? "" : $" ({E(o.ExclusionReason)})")}</li>")) + "</ul>"
            : "";

    private static string Adjudicated(ScreeningDecision decision) =>
        $"<p id=\"adjudicated\">An adjudicator decided this record: <strong>{E(decision.ToString().ToLowerInvariant())}</strong>. The decision is final.</p>";

    private static string DecisionFormHtml(HttpContext http, ScreeningItem item)
    {
        var mine = item.MyDecision;
        var reasons = string.Concat(item.ExclusionReasons.Select(r => $"<option{(mine?.ExclusionReason == r ? " selected" : "")}>{E(r)}</option>"));
        return (mine is null ? "" : $"<p id=\"my-decision\">You decided <strong>{E(mine.Decision.ToString().ToLowerInvariant())}</strong>{(mine.ExclusionReason is null ? "" : $" ({E(mine.ExclusionReason)})")}; deciding again replaces it.</p>") +
            $"<form method=\"post\" id=\"decision-form\" action=\"/reviews/{I(item.ReviewId)}/records/{I(item.RecordId)}/decide\">{Antiforgery(http)}" +
            "<label for=\"exclusionReason\">Exclusion reason</label><select id=\"exclusionReason\" name=\"exclusionReason\"><option value=\"\">(choose for an exclusion)</option>" + reasons + "</select>" +
            $"<label for=\"note\">Note</label><textarea id=\"note\" name=\"note\" rows=\"2\" maxlength=\"{RecordDecision.MaxNoteLength}\">{E(mine?.Note)}</textarea>" +
            "<div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"include\" class=\"include\">Include <kbd>I</kbd></button>" +
            "<button type=\"submit\" name=\"decision\" value=\"exclude\" class=\"exclude\">Exclude <kbd>E</kbd></button>" +
            "<button type=\"submit\" name=\"decision\" value=\"unsure\" class=\"unsure\">Unsure <kbd>U</kbd></button></div>" +
            "<p class=\"hint\" id=\"hint\" aria-live=\"polite\"></p></form>";
    }

    private static string NavLinks(ScreeningItem item)
    {
        var id = I(item.ReviewId);
        string Link(long? r, string rel, string text) => r is null ? "" : $"<a id=\"{rel}-link\" rel=\"{rel}\" href=\"/reviews/{id}/screen?record={I(r.Value)}\">{text}</a>";
        return $"<nav class=\"pager\" aria-label=\"Queue\">{Link(item.PreviousRecordId, "prev", "← previous")} {Link(item.NextRecordId, "next", "next →")}" +
            "<span class=\"keys\">Keys: <kbd>I</kbd> include · <kbd>E</kbd> exclude · <kbd>U</kbd> unsure · <kbd>←</kbd>/<kbd>→</kbd> previous/next</span></nav>";
    }

    /// <summary>The text, encoded, with each located evidence quote wrapped in a mark coloured by its criterion.</summary>
    private static string Highlight(string text, IReadOnlyList<(string Id, string Quote)> quotes, IReadOnlyDictionary<string, int> colour)
    {
        var html = new StringBuilder();
        var at = 0;
        foreach (var span in QuoteSpans.FindAll(text, quotes))
        {
            html.Append(E(text[at..span.Start]));
            html.Append($"<mark class=\"ev-{colour[span.Label]}\" data-criterion=\"{E(span.Label)}\" title=\"evidence for {E(span.Label)}\">")
                .Append(E(text.Substring(span.Start, span.Length))).Append("</mark>");
            at = span.Start + span.Length;
        }
        return html.Append(E(text[at..])).ToString();
    }
}
