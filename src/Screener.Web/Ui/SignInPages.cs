using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Web.Auth;

namespace Screener.Web.Ui;

public sealed record LoginForm(string? UserName, string? Password, string? ReturnUrl);

/// <summary>Sign-in and sign-out: per-account backoff, local redirects only, and sign-out that ends the session for good.</summary>
public static class SignInPages
{
    public const string WrongCredentials = "Unknown user name or wrong password.";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (string? returnUrl) => LoginPage(returnUrl)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(WebHardening.SignInPolicy).ExcludeFromDescription();
        app.MapPost("/logout", LogoutAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
    }

    private static IResult LoginPage(string? returnUrl) =>
        Pages.Render<LoginPage, LoginModel>(new(LocalUrl.IsLocal(returnUrl) ? returnUrl : null));

    private static async Task<IResult> LoginAsync(
        HttpContext http, ScreenerDbContext db, SignInBackoff backoff, [FromForm] LoginForm form, CancellationToken ct)
    {
        // The account as it would be stored; a name no account can have is still counted, under its raw (bounded) text.
        var typed = (form.UserName ?? "").Trim();
        var account = UserNames.TryNormalize(typed) ?? typed[..Math.Min(typed.Length, UserNames.MaxLength)];
        var device = DeviceCookie.Read(http, account);
        var source = device is null ? "ip:" + http.Connection.RemoteIpAddress : "device:" + device;
        var wait = backoff.RetryAfter(account, source, device is not null);
        if (wait > TimeSpan.Zero)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Pages.Render<LoginPage, LoginModel>(new(null, seconds), StatusCodes.Status429TooManyRequests);
        }

        var reviewer = await AuthenticateReviewer.ByPasswordAsync(db, form.UserName ?? "", form.Password ?? "", ct);
        if (reviewer is null)
        {
            backoff.RecordFailure(account, source, device is not null);
            return ErrorMessages.RedirectWithError("/login", WrongCredentials);
        }
        backoff.RecordSuccess(account, source);
        DeviceCookie.Issue(http, reviewer.UserName, device);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ReviewerAuthentication.Principal(reviewer, CookieAuthenticationDefaults.AuthenticationScheme));
        return Results.Redirect(LocalUrl.OrHome(form.ReturnUrl));
    }

    /// <summary>
    /// Minimal APIs check the anti-forgery token only while binding a form parameter, and this endpoint binds none,
    /// so it checks the token itself. Sign-out replaces the account's security stamp: every copy of the cookie dies.
    /// </summary>
    private static async Task<IResult> LogoutAsync(HttpContext http, ScreenerDbContext db, CancellationToken ct)
    {
        // The anti-forgery middleware has validated the token (the endpoint asks for it) and left its verdict here.
        if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "the sign-out form's anti-forgery token is missing or wrong");
        await AccountControl.EndSessionsAsync(db, http.User.ReviewerId(), ct);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/login");
    }
}
