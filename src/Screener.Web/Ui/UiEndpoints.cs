using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Web.Api;
using Screener.Web.Auth;
using static Screener.Web.Ui.Html;

namespace Screener.Web.Ui;

public sealed record LoginForm(string? UserName, string? Password, string? ReturnUrl);

/// <summary>The reviewer web UI: sign-in, the review list, and the per-review pages (membership checked like the API).</summary>
public static class UiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/{file}", Asset).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/login", (HttpContext http, string? returnUrl) => LoginPage(http, returnUrl)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(WebHardening.SignInPolicy).ExcludeFromDescription();
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
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

    private static IResult LoginPage(HttpContext http, string? returnUrl) => Page(http, "Sign in",
        "<h1>Sign in</h1><form class=\"card narrow\" method=\"post\" action=\"/login\">" + Antiforgery(http) +
        $"<input type=\"hidden\" name=\"returnUrl\" value=\"{E(returnUrl)}\">" +
        "<label for=\"userName\">User name</label><input id=\"userName\" name=\"userName\" autocomplete=\"username\" required autofocus>" +
        "<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>" +
        "<button type=\"submit\" class=\"primary\">Sign in</button></form>");

    private static async Task<IResult> LoginAsync(HttpContext http, ScreenerDbContext db, [FromForm] LoginForm form, CancellationToken ct)
    {
        var reviewer = await AuthenticateReviewer.ByPasswordAsync(db, form.UserName ?? "", form.Password ?? "", ct);
        if (reviewer is null) return RedirectWithError("/login", "Unknown user name or wrong password.");
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ReviewerAuthentication.Principal(reviewer, CookieAuthenticationDefaults.AuthenticationScheme));
        // Only local paths: an open redirect after sign-in is a phishing aid.
        var target = form.ReturnUrl is { Length: > 1 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/";
        return Results.Redirect(target);
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
