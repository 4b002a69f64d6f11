using System.Reflection;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Web.Api;
using Screener.Web.Auth;
using static Screener.Web.Ui.Html;

namespace Screener.Web.Ui;

/// <summary>The reviewer web UI: sign-in, the review list, and the per-review pages (membership checked like the API).</summary>
public static class UiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/{file}", Asset).AllowAnonymous().ExcludeFromDescription();
        SignInPages.Map(app);
        app.MapGet("/", HomeAsync).ExcludeFromDescription();

        var review = app.MapGroup("/reviews/{reviewId:long}").RequireReviewMembership().ExcludeFromDescription();
        ReviewPages.Map(review);
        ScreenPage.Map(review);
        ConflictsPage.Map(review);
        ExtractionPage.Map(review);
    }

    private static IResult Asset(string file)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Screener.Web.Ui." + file);
        if (stream is null) return Results.NotFound();
        var type = file.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript";
        return Results.Stream(stream, type);
    }

    private static async Task<IResult> HomeAsync(HttpContext http, ScreenerDbContext db, CancellationToken ct)
    {
        var reviews = await ReviewAccess.ListAsync(db, http.User.ReviewerId(), ct);
        var items = reviews.Count == 0
            ? "<p>You do not belong to any review yet. Ask an admin to add you (<code>screener review member add</code>).</p>"
            : "<ul class=\"reviews\">" + string.Concat(reviews.Select(r =>
                $"<li><a href=\"/reviews/{I(r.ReviewId)}\">{E(r.Name)}</a> <span class=\"role\">{E(r.Role.ToString().ToLowerInvariant())}</span></li>")) + "</ul>";
        return Page(http, "Your reviews", "<h1>Your reviews</h1>" + items);
    }
}
