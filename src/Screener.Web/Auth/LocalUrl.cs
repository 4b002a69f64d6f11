namespace Screener.Web.Auth;

/// <summary>
/// Where a browser may be sent after sign-in: a path on this site only. Browsers read "/\host", "//host", and
/// paths with tabs or newlines stripped out as another site, so those are refused with everything absolute.
/// </summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => c == '\\' || char.IsControl(c) || char.IsWhiteSpace(c));

    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
