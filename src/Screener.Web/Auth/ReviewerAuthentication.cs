using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Screener.Core.Reviews;

namespace Screener.Web.Auth;

/// <summary>How a caller proves who they are: a session cookie (web UI) or an X-Api-Key header (scripts).</summary>
public static class ReviewerAuthentication
{
    public const string Scheme = "CookieOrApiKey";
    public const string AdminPolicy = "Admin";

    public static string SelectScheme(HttpContext context) =>
        context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
            ? ApiKeyAuthenticationHandler.SchemeName
            : CookieAuthenticationDefaults.AuthenticationScheme;

    public static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "screener.session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        o.LoginPath = "/login";
        o.LogoutPath = "/logout";
        // API callers get status codes, not a redirect to an HTML login page.
        o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
    }

    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApi(ctx.Request)) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");

    public static ClaimsPrincipal Principal(SignedInReviewer reviewer, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, reviewer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, reviewer.UserName),
        new Claim(ClaimTypes.GivenName, reviewer.DisplayName),
        new Claim(ClaimTypes.Role, reviewer.Role.ToString()),
    ], scheme));

    public static long ReviewerId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("signed-in user without id"),
            System.Globalization.CultureInfo.InvariantCulture);
}
