using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Web.Api;

namespace Screener.Web.Ui;

/// <summary>The record list's query string as the page and the API take it (empty values: no filter).</summary>
public sealed record RecordListQuery(string? Q, string? Stage, string? Decision, string? Status, string? Llm, string? Flag, int? Page, int? PageSize = null)
{
    public BrowseRecordsRequest ToRequest() =>
        new(Parse.Stage(Stage), Q, Decision, Status, Llm, Flag, Page ?? 1, PageSize ?? BrowseRecords.DefaultPageSize);

    /// <summary>The same filters on another page, for the paging links.</summary>
    public string Link(long reviewId, int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Q, ["stage"] = Stage, ["decision"] = Decision, ["status"] = Status, ["llm"] = Llm, ["flag"] = Flag,
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/reviews/{reviewId}/records",
            query.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => new KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>(p.Key, p.Value)));
    }
}

/// <summary>
/// The record list (`/reviews/{id}/records`): search and filters with paging, each row opening the screening page at
/// its stage; what a row shows and what may be filtered is decided by <see cref="BrowseRecords"/> (blinding).
/// </summary>
public static class RecordsPage
{
    public static void Map(RouteGroupBuilder review) => review.MapGet("/records", async (HttpContext http, ScreenerDbContext db,
        [AsParameters] RecordListQuery query, CancellationToken ct) =>
    {
        var header = await ReviewPages.HeaderAsync(http, db, ct);
        var request = query.ToRequest();
        var page = await BrowseRecords.RunAsync(db, http.Actor(), request, ct);
        return Pages.Render<RecordListPage, RecordListModel>(new(header, request.Stage, page, query));
    });
}
