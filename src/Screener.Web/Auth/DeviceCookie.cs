using Microsoft.AspNetCore.DataProtection;

namespace Screener.Web.Auth;

/// <summary>
/// Marks a browser that has signed in to an account before, so per-account sign-in backoff (SignInBackoff) does not
/// slow down the real user while someone else guesses. Signed and encrypted by data protection: it names the
/// account and a random device id, and is worth nothing without that account's password.
/// </summary>
public static class DeviceCookie
{
    public const string Name = "screener.device";
    private const string Purpose = "Screener.SignIn.Device.v1";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    /// <summary>The device id when the request carries this browser's cookie for <paramref name="account"/>, else null.</summary>
    public static string? Read(HttpContext http, string account)
    {
        if (!http.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value)) return null;
        try
        {
            var parts = Protector(http).Unprotect(value).Split('\n');
            return parts is [var user, var device] && user == account ? device : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static void Issue(HttpContext http, string account, string? existingDevice)
    {
        var device = existingDevice ?? Guid.NewGuid().ToString("N");
        http.Response.Cookies.Append(Name, Protector(http).Protect($"{account}\n{device}"), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/login",
            MaxAge = Lifetime, IsEssential = true,
        });
    }

    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
}
