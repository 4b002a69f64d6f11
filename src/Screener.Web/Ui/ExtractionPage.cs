using Microsoft.AspNetCore.Mvc;
using Screener.Core;
using Screener.Core.Extraction;
using Screener.Core.Persistence;
using Screener.Web.Api;

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
        var header = await ReviewPages.HeaderAsync(http, db, ct);
        var records = await GetExtractionRecord.ListAsync(db, http.Actor(), ct);
        return Pages.Render<ExtractionListPage, ExtractionListModel>(new(header, records));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, ScreenerDbContext db, long recordId, CancellationToken ct)
    {
        var header = await ReviewPages.HeaderAsync(http, db, ct);
        var view = await GetExtractionRecord.RunAsync(db, http.Actor(), recordId, ct);
        return Pages.Render<ExtractionRecordPage, ExtractionRecordModel>(new(header, view));
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, ScreenerDbContext db, TimeProvider time, long fieldId, [FromForm] VerifyForm form, CancellationToken ct)
    {
        var actor = http.Actor();
        var back = $"/reviews/{actor.ReviewId}/extraction/{form.RecordId}";
        try
        {
            await VerifyExtractionField.RunAsync(db, time, actor, new VerifyFieldRequest(fieldId, Parse.Enum<FieldVerification>("action", form.Action), form.Value), ct);
            return Results.Redirect(back);
        }
        catch (InvalidInputException e)
        {
            return ErrorMessages.RedirectWithError(back, e.Message);
        }
    }
}
