using System.Net.Http.Headers;
using System.Text.Json;

namespace Screener.Core.Llm;

/// <summary>
/// The innermost handler, run once per HTTP attempt: counts the attempt, puts on the key for openai and local servers,
/// and turns a 200 whose body is not complete JSON (a cut connection, a proxy page) into a retryable error.
/// </summary>
internal sealed class LlmWireHandler(LlmGatewayState state) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        LlmCallMeter.Current?.CountAttempt();
        ApplyProvider(request);
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

    private void ApplyProvider(HttpRequestMessage request)
    {
        var options = state.Options;
        // Azure.AI.OpenAI puts on its own api-key or Entra ID header; the OpenAI SDK was given a placeholder key,
        // so for openai and local servers the real one is applied here only and lives in one object.
        if (options.Provider == LlmProvider.Azure) return;
        request.Headers.Authorization = options.ApiKey.Length > 0 ? new AuthenticationHeaderValue("Bearer", options.ApiKey) : null;
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
