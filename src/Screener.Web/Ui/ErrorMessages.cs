using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Screener.Web.Ui;

/// <summary>
/// Back to a page with a message the page shows; used after a form post that did not validate. The message travels
/// in ?error= sealed by data protection for this user and <see cref="Lifetime"/>: a page shows only text this
/// server wrote for this user, never text someone put in a link.
/// </summary>
public static class ErrorMessages
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static IResult RedirectWithError(string path, string message) => new ErrorRedirect(path, message);

    /// <summary>The message a redirect sealed for this user, or null (none, expired, or not written by this server for them).</summary>
    public static string? Shown(HttpContext http)
    {
        var token = http.Request.Query["error"].ToString();
        if (token.Length == 0) return null;
        try
        {
            return Protector(http).Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private sealed class ErrorRedirect(string path, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var sealedMessage = Protector(httpContext).Protect(message, Lifetime);
            httpContext.Response.Redirect(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "error=" + Uri.EscapeDataString(sealedMessage));
            return Task.CompletedTask;
        }
    }

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Screener.Ui.Error.v1", http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous")
            .ToTimeLimitedDataProtector();
}
