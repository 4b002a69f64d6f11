using Microsoft.AspNetCore.Http.HttpResults;
using Screener.Core.Decisions;
using Screener.Core.Exports;
using Screener.Core.Extraction;
using Screener.Core.HumanScreening;
using Screener.Core.Persistence;
using Screener.Core.Prisma;
using Screener.Core.Ranking;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;
using Screener.Web.Auth;

namespace Screener.Web.Api;

/// <param name="Versions">For an adjudication: the decision versions it settles, "decisionId:version,..." as the conflicts list gives them.</param>
public sealed record DecisionBody(string? Decision, string? ExclusionReason, string? Note, string? Stage, string? Versions = null);

public sealed record VerifyFieldBody(string? Action, string? Value);

public sealed record MeResponse(long Id, string UserName, string Role, IReadOnlyList<MyReview> Reviews);

/// <summary>The REST API for reviewers and scripts. Every /api/reviews/{reviewId} route checks membership first.</summary>
public static class ReviewApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Reviews");
        api.MapGet("/me", async (HttpContext http, ScreenerDbContext db, CancellationToken ct) =>
            TypedResults.Ok(new MeResponse(http.User.ReviewerId(), http.User.Identity!.Name!, http.User.FindFirst(System.Security.Claims.ClaimTypes.Role)!.Value,
                await ReviewAccess.ListAsync(db, http.User.ReviewerId(), ct))));
        api.MapGet("/reviews", async (HttpContext http, ScreenerDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await ReviewAccess.ListAsync(db, http.User.ReviewerId(), ct)));

        var review = api.MapGroup("/reviews/{reviewId:long}").RequireReviewMembership();
        review.MapGet("/queue/next", async (HttpContext http, ScreenerDbContext db, QueueRankings rankings, string? stage, CancellationToken ct) =>
            TypedResults.Ok(await NextRecord.RunAsync(db, rankings, http.Actor(), Parse.Stage(stage), ct)));
        review.MapGet("/records", async (HttpContext http, ScreenerDbContext db, [AsParameters] Ui.RecordListQuery query, CancellationToken ct) =>
            TypedResults.Ok(await BrowseRecords.RunAsync(db, http.Actor(), query.ToRequest(), ct)));
        review.MapGet("/records/{recordId:long}", async (HttpContext http, ScreenerDbContext db, QueueRankings rankings, TimeProvider time, long recordId, string? stage, CancellationToken ct) =>
            TypedResults.Ok(await GetScreeningItem.RunAsync(db, rankings, time, http.Actor(), recordId, Parse.Stage(stage), ct)));
        review.MapPut("/records/{recordId:long}/decision", async (HttpContext http, ScreenerDbContext db, TimeProvider time, long recordId, DecisionBody body, CancellationToken ct) =>
            TypedResults.Ok(await RecordDecision.RunAsync(db, time, http.Actor(), new DecideRequest(recordId, Parse.Stage(body.Stage),
                Parse.Enum<ScreeningDecision>("decision", body.Decision), body.ExclusionReason, body.Note), ct)));
        review.MapGet("/conflicts", async (HttpContext http, ScreenerDbContext db, TimeProvider time, string? stage, CancellationToken ct) =>
            TypedResults.Ok(await ListConflicts.RunAsync(db, time, http.Actor(), Parse.Stage(stage), ct)));
        review.MapPost("/records/{recordId:long}/adjudication", async (HttpContext http, ScreenerDbContext db, TimeProvider time, long recordId, DecisionBody body, CancellationToken ct) =>
        {
            var result = await Adjudicate.RunAsync(db, time, http.Actor(), new AdjudicateRequest(recordId, Parse.Stage(body.Stage),
                Parse.Enum<ScreeningDecision>("decision", body.Decision), body.ExclusionReason, body.Note, DecisionVersionRef.ParseList(body.Versions)), ct);
            return TypedResults.Created($"/api/reviews/{http.Actor().ReviewId}/records/{result.RecordId}", result);
        });
        review.MapGet("/agreement", async (HttpContext http, ScreenerDbContext db, string? stage, CancellationToken ct) =>
            TypedResults.Ok(await ComputeAgreement.RunAsync(db, http.Actor(), Parse.Stage(stage), ct)));
        review.MapGet("/prisma", async (HttpContext http, ScreenerDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await PrismaCountsQuery.RunAsync(db, http.Actor().ReviewId, ct)));
        review.MapGet("/stopping-aid", async (HttpContext http, ScreenerDbContext db, QueueRankings rankings, CancellationToken ct) =>
            TypedResults.Ok(await ReviewStoppingAid.RunAsync(db, rankings, http.Actor(), ct)));
        review.MapGet("/ranking", async (HttpContext http, ScreenerDbContext db, QueueRankings rankings, CancellationToken ct) =>
            TypedResults.Ok(await RankingAge.ReadAsync(db, rankings, http.Actor(), ct)));
        review.MapGet("/prisma.svg", PrismaSvgAsync);
        review.MapGet("/extraction", async (HttpContext http, ScreenerDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await GetExtractionRecord.ListAsync(db, http.Actor(), ct)));
        review.MapGet("/extraction/records/{recordId:long}", async (HttpContext http, ScreenerDbContext db, long recordId, CancellationToken ct) =>
            TypedResults.Ok(await GetExtractionRecord.RunAsync(db, http.Actor(), recordId, ct)));
        review.MapPost("/extraction/fields/{fieldId:long}", async (HttpContext http, ScreenerDbContext db, TimeProvider time, long fieldId, VerifyFieldBody body, CancellationToken ct) =>
            TypedResults.Ok(await VerifyExtractionField.RunAsync(db, time, http.Actor(), new VerifyFieldRequest(fieldId, Parse.Enum<FieldVerification>("action", body.Action), body.Value), ct)));
        review.MapGet("/export", ExportAsync);
    }

    public static async Task<ContentHttpResult> PrismaSvgAsync(HttpContext http, ScreenerDbContext db, CancellationToken ct)
    {
        var actor = http.Actor();
        var counts = await PrismaCountsQuery.RunAsync(db, actor.ReviewId, ct);
        return TypedResults.Text(PrismaDiagram.Render(counts, await GetReviewName.RunAsync(db, actor, ct)), "image/svg+xml");
    }

    /// <summary>
    /// The records and their screening results (<see cref="ExportRecords"/>, the CLI's export too), unique records
    /// only. Both stages are always in the file; <c>stage</c> is still accepted (and validated) for old links.
    /// </summary>
    public static async Task<FileContentHttpResult> ExportAsync(HttpContext http, ScreenerDbContext db, string? format, string? stage, CancellationToken ct)
    {
        var actor = http.Actor();
        var (kind, type) = (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => (RecordExportFormat.Csv, "text/csv"),
            "ris" => (RecordExportFormat.Ris, "application/x-research-info-systems"),
            "xlsx" => (RecordExportFormat.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            _ => throw new Core.InvalidInputException("format", "must be csv, ris or xlsx"),
        };
        _ = Parse.Stage(stage);
        var buffer = new MemoryStream();
        await ExportRecords.RunAsync(db, actor, new ExportRecordsRequest(kind, IncludeDuplicates: false), buffer, ct);
        // Every reviewer's decisions and names: no browser or proxy cache may keep a copy.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(buffer.ToArray(), type, $"screening-review-{actor.ReviewId}.{kind.ToString().ToLowerInvariant()}");
    }
}
