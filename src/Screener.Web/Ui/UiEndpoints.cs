using Microsoft.Extensions.FileProviders;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Web.Api;
using Screener.Web.Auth;

namespace Screener.Web.Ui;

/// <summary>The reviewer web UI: sign-in, the review list, and the per-review pages (membership checked like the API).</summary>
public static class UiEndpoints
{
    /// <summary>Where the stylesheet and script are served from, to anyone (the sign-in page needs them).</summary>
    public const string AssetPath = "/ui";

    /// <summary>
    /// The page assets through the static file middleware (ETag, Last-Modified, range and HEAD handled by it), read
    /// from the assembly: `screener serve`, the tests and `dotnet run` serve the same files wherever the binary lies.
    /// </summary>
    public static IApplicationBuilder UseUiAssets(this IApplicationBuilder app) => app.UseStaticFiles(new StaticFileOptions
    {
        RequestPath = AssetPath,
        FileProvider = new EmbeddedFileProvider(typeof(UiEndpoints).Assembly, "Screener.Web.Ui"),
    });

    public static void Map(IEndpointRouteBuilder app)
    {
        SignInPages.Map(app);
        app.MapGet("/", HomeAsync).ExcludeFromDescription();

        var review = app.MapGroup("/reviews/{reviewId:long}").RequireReviewMembership().ExcludeFromDescription();
        ReviewPages.Map(review);
        ScreenPage.Map(review);
        FullTextPage.Map(review);
        RecordsPage.Map(review);
        ConflictsPage.Map(review);
        ExtractionPage.Map(review);
    }

    private static async Task<IResult> HomeAsync(HttpContext http, ScreenerDbContext db, CancellationToken ct) =>
        Pages.Render<HomePage, IReadOnlyList<MyReview>>(await ReviewAccess.ListAsync(db, http.User.ReviewerId(), ct));
}
