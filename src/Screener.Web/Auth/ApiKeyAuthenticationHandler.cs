using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Web.Auth;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>Authenticates scripts by the X-Api-Key header, matched by its SHA-256 against the stored hash.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values)) return AuthenticateResult.NoResult();
        var db = Context.RequestServices.GetRequiredService<ScreenerDbContext>();
        var reviewer = await AuthenticateReviewer.ByApiKeyAsync(db, values.ToString(), Context.RequestAborted);
        return reviewer is null
            ? AuthenticateResult.Fail("invalid API key")
            : AuthenticateResult.Success(new AuthenticationTicket(ReviewerAuthentication.Principal(reviewer, SchemeName), SchemeName));
    }
}
