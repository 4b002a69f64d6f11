using System.Net.Http.Headers;
using System.Text.Json;

namespace Screener.Core.Llm;

/// <summary>
/// The innermost handler, run once per HTTP attempt: counts the attempt, puts on the provider's authentication and
/// URL scheme, and turns a 200 whose body is not complete JSON (a cut connection, a proxy page) into a retryable error.
/// </summary>
internal sealed class LlmWireHandler(LlmGatewayState state) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        LlmCallMeter.Current?.CountAttempt();
        await ApplyProviderAsync(request, ct);
        var response = await base.SendAsync(request, ct);
        // A batch output file (GET .../files/ID/content) is JSON Lines, not one JSON document.
        var fileContent = request.RequestUri?.AbsolutePath.EndsWith("/content", StringComparison.Ordinal) == true;
        if (response.IsSuccessStatusCode && !fileContent && !await IsCompleteJsonAsync(response, ct))
        {
            var length = response.Content.Headers.ContentLength;
            var type = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new HttpRequestException(
                $"the LLM server answered {status} with a body that is not complete JSON ({type}, {length?.ToString() ?? "unknown"} bytes)");
        }
        return response;
    }

    private async Task ApplyProviderAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var options = state.Options;
        // The SDK was given a placeholder key: the real credential is applied here only, once per attempt, so it
        // lives in one object and an Entra token is fresh on every retry.
        request.Headers.Authorization = null;
        switch (options.Provider)
        {
            case LlmProvider.Azure:
                request.RequestUri = WithApiVersion(request.RequestUri!, options.ApiVersion);
                if (options.ApiKey.Length > 0)
                    request.Headers.TryAddWithoutValidation("api-key", options.ApiKey);
                else
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await state.EntraTokenAsync(ct));
                break;
            default:
                if (options.ApiKey.Length > 0)
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
                break;
        }
    }

    internal static Uri WithApiVersion(Uri uri, string apiVersion)
    {
        if (uri.Query.Contains("api-version=", StringComparison.OrdinalIgnoreCase)) return uri;
        var separator = uri.Query.Length > 1 ? "&" : "?";
        return new Uri(uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 1 ? uri.Query : "")
            + separator + "api-version=" + Uri.EscapeDataString(apiVersion));
    }

    private static async Task<bool> IsCompleteJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await response.Content.LoadIntoBufferAsync(ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
