using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;

namespace Screener.Web.Ui;

/// <summary>The page shell and small builders shared by the server-rendered pages. Everything user-supplied is encoded.</summary>
public static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static IResult Page(HttpContext http, string title, string body, string? reviewNav = null)
    {
        var user = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null;
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append("<title>").Append(E(title)).Append(" · Screener</title><link rel=\"stylesheet\" href=\"/ui/screener.css\"><script src=\"/ui/screener.js\" defer></script></head><body>");
        page.Append("<header class=\"top\"><a class=\"brand\" href=\"/\">Screener</a>");
        if (reviewNav is not null) page.Append("<nav aria-label=\"Review\">").Append(reviewNav).Append("</nav>");
        if (user is not null)
            page.Append("<form class=\"logout\" method=\"post\" action=\"/logout\">").Append(Antiforgery(http)).Append("<span>").Append(E(user))
                .Append("</span> <button type=\"submit\">Sign out</button></form>");
        page.Append("</header><main id=\"main\">");
        var error = ShownError(http);
        if (error is not null) page.Append("<p class=\"error\" role=\"alert\">").Append(E(error)).Append("</p>");
        page.Append(body).Append("</main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8");
    }

    public static string ReviewNav(long reviewId, string reviewName) =>
        $"<strong>{E(reviewName)}</strong> <a href=\"/reviews/{I(reviewId)}\">Overview</a> <a href=\"/reviews/{I(reviewId)}/screen\">Screen</a> " +
        $"<a href=\"/reviews/{I(reviewId)}/conflicts\">Conflicts</a> <a href=\"/reviews/{I(reviewId)}/extraction\">Extraction</a> " +
        $"<a href=\"/reviews/{I(reviewId)}/prisma\">PRISMA</a>";

    public static string Antiforgery(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static string ErrorPage(int status, string message) =>
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error · Screener</title><link rel=\"stylesheet\" href=\"/ui/screener.css\"></head>" +
        $"<body><main id=\"main\"><h1>{status}</h1><p class=\"error\" role=\"alert\">{E(message)}</p><p><a href=\"/\">Back to your reviews</a></p></main></body></html>";

    /// <summary>
    /// Back to a page with a message the page shows; used after a form post that did not validate. The message travels
    /// in ?error= sealed by data protection for this user and <see cref="ErrorLifetime"/>: a page shows only text this
    /// server wrote for this user, never text someone put in a link.
    /// </summary>
    public static IResult RedirectWithError(string path, string message) => new ErrorRedirect(path, message);

    public static readonly TimeSpan ErrorLifetime = TimeSpan.FromMinutes(10);

    private sealed class ErrorRedirect(string path, string message) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var sealedMessage = ErrorProtector(httpContext).Protect(message, ErrorLifetime);
            httpContext.Response.Redirect(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "error=" + Uri.EscapeDataString(sealedMessage));
            return Task.CompletedTask;
        }
    }

    private static string? ShownError(HttpContext http)
    {
        var token = http.Request.Query["error"].ToString();
        if (token.Length == 0) return null;
        try
        {
            return ErrorProtector(http).Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static ITimeLimitedDataProtector ErrorProtector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Screener.Ui.Error.v1", http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous")
            .ToTimeLimitedDataProtector();
}
