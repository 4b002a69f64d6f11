using System.Security.Claims;
using System.Threading.RateLimiting;
using Screener.Core.Reviews;

namespace Screener.Web;

/// <summary>Browser-facing protections that every response or the sign-in form needs, kept out of the endpoints.</summary>
public static class WebHardening
{
    public const string SignInPolicy = "sign-in";

    /// <summary>Sign-in attempts per client address and minute: enough for typos, too few for password guessing.</summary>
    public const int SignInAttemptsPerMinute = 10;

    /// <summary>
    /// Requests one account (session or API key) may have in flight. More are answered 429 with Retry-After at once
    /// instead of queueing: one script's burst then costs at most this many of the host's pooled database
    /// connections (ScreenerDatabase.DefaultMaxPoolSize) and other users are still served.
    /// </summary>
    public const int RequestsInFlightPerAccount = 8;

    /// <summary>What a 429 without a better estimate asks the client to wait: in-flight requests finish in well under a second.</summary>
    public const int DefaultRetryAfterSeconds = 1;

    public static IServiceCollection AddRequestLimits(this IServiceCollection services) =>
        services.AddSingleton<SignInBackoff>().AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : DefaultRetryAfterSeconds;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Runs after authentication, so the partition is the account whatever the credential (cookie or API key).
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } account
                    ? RateLimitPartition.GetConcurrencyLimiter(account,
                        _ => new ConcurrencyLimiterOptions { PermitLimit = RequestsInFlightPerAccount, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(""));
        });

    /// <summary>The pages use no inline script or style, so a strict content security policy costs nothing.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";
        await next(context);
    });
}
