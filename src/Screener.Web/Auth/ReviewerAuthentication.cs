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

    /// <summary>The claim that carries the account's security stamp at sign-in (see Reviewer.SecurityStamp).</summary>
    public const string SecurityStampClaim = "screener:stamp";

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
        o.Events.OnValidatePrincipal = ValidateSessionAsync;
    }

    /// <summary>
    /// Every request with a session cookie: the account must still be enabled and its security stamp unchanged, so
    /// sign-out, a password change or disabling ends the session even where the cookie was copied before.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext ctx)
    {
        var principal = ctx.Principal;
        var db = ctx.HttpContext.RequestServices.GetRequiredService<Core.Persistence.ScreenerDbContext>();
        if (principal is not null && long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            && await AuthenticateReviewer.SessionIsCurrentAsync(db, id, principal.FindFirstValue(SecurityStampClaim), ctx.HttpContext.RequestAborted))
            return;
        ctx.RejectPrincipal();
        await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// To the sign-in page by a path, never by the absolute URL the handler builds from the request's Host header
    /// (a forged Host would otherwise send the browser to another site).
    /// </summary>
    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApi(ctx.Request)) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(LocalPart(ctx.RedirectUri));
        return Task.CompletedTask;
    }

    private static string LocalPart(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.PathAndQuery : uri;

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");

    public static ClaimsPrincipal Principal(SignedInReviewer reviewer, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, reviewer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, reviewer.UserName),
        new Claim(ClaimTypes.GivenName, reviewer.DisplayName),
        new Claim(ClaimTypes.Role, reviewer.Role.ToString()),
        new Claim(SecurityStampClaim, reviewer.SecurityStamp),
    ], scheme));

    public static long ReviewerId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("signed-in user without id"),
            System.Globalization.CultureInfo.InvariantCulture);
}
