using System.Threading.RateLimiting;

namespace Screener.Web;

/// <summary>Browser-facing protections that every response or the sign-in form needs, kept out of the endpoints.</summary>
public static class WebHardening
{
    public const string SignInPolicy = "sign-in";

    /// <summary>Sign-in attempts per client address and minute: enough for typos, too few for password guessing.</summary>
    public const int SignInAttemptsPerMinute = 10;

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SignInAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
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
