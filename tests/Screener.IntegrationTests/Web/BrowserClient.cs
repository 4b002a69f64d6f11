using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Screener.IntegrationTests.Web;

/// <summary>
/// A client that behaves like a browser on the sign-in form: keeps cookies, sends the anti-forgery token, does not
/// follow redirects (tests read Location), and may connect from another loopback address (127.0.0.x).
/// </summary>
public sealed partial class BrowserClient : IDisposable
{
    private BrowserClient(HttpClient client, CookieContainer cookies, Uri baseAddress)
    {
        Http = client;
        Cookies = cookies;
        _baseAddress = baseAddress;
    }

    private readonly Uri _baseAddress;

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    public static BrowserClient Create(Uri baseAddress, IPAddress? source = null, bool acceptAnyCertificate = false)
    {
        var cookies = new CookieContainer();
        var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        if (acceptAnyCertificate) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (source is not null)
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            };
        return new BrowserClient(new HttpClient(handler) { BaseAddress = baseAddress }, cookies, baseAddress);
    }

    /// <summary>The form's anti-forgery field from a page (default: the sign-in page).</summary>
    public async Task<KeyValuePair<string, string>> TokenAsync(string page = "/login")
    {
        var html = await Http.GetStringAsync(page);
        var match = HiddenToken().Match(html);
        Assert.True(match.Success, $"no anti-forgery field on {page}");
        return new(WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value));
    }

    public async Task<HttpResponseMessage> SignInAsync(string userName, string password, string? returnUrl = null)
    {
        var token = await TokenAsync();
        // As the page's form sends it: the hidden returnUrl field is always there, if empty.
        var form = new Dictionary<string, string>
        {
            [token.Key] = token.Value, ["userName"] = userName, ["password"] = password, ["returnUrl"] = returnUrl ?? "",
        };
        return await Http.PostAsync("/login", new FormUrlEncodedContent(form));
    }

    public async Task<HttpResponseMessage> SignOutAsync(bool withToken = true)
    {
        var form = new Dictionary<string, string>();
        if (withToken)
        {
            var token = await TokenAsync("/");
            form[token.Key] = token.Value;
        }
        return await Http.PostAsync("/logout", new FormUrlEncodedContent(form));
    }

    /// <summary>The value of one of this client's cookies, to replay it from elsewhere.</summary>
    public string? Cookie(string name) => Cookies.GetCookies(_baseAddress)[name]?.Value;

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\"\\s*/?>")]
    private static partial Regex HiddenToken();
}
