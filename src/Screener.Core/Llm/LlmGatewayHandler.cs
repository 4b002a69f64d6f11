using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Screener.Core.Llm;

/// <summary>
/// The outermost handler, run once per logical call (around the retries): applies the structured-output mode,
/// waits for the client-side limits, falls back to JSON mode when the server refuses a schema, and corrects the
/// token budget from the usage block.
/// </summary>
internal sealed class LlmGatewayHandler(LlmGatewayState state) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // Bytes, not a string: request bodies carry the whole prompt and schema, and this runs on every call.
        var raw = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
        var body = TryParseObject(raw);
        var meter = LlmCallMeter.Current;
        var mode = state.Options.StructuredOutput;
        string? format = null;
        if (body?["messages"] is not null)
        {
            format = ResponseFormatPolicy.Apply(body, mode, state.SchemaRejected, state.Options.StrictJsonSchema);
            raw = JsonSerializer.SerializeToUtf8Bytes(body);
            meter?.RecordResponseFormat(format, fellBack: false);
        }
        // Always replace the content: the SDK's may not be readable twice, and retries send it again.
        SetJsonContent(request, raw);

        using var lease = await state.Limits.AcquireAsync(
            state.Limits.CountsTokens ? TokenEstimate.ForRequest(body, raw.Length, state.Options.CompletionTokensEstimate) : 0, ct);
        var response = await base.SendAsync(request, ct);
        if (format == ResponseFormatPolicy.JsonSchema && mode == StructuredOutputMode.Auto && !response.IsSuccessStatusCode
            && await response.Content.ReadAsStringAsync(ct) is var error
            && ResponseFormatPolicy.IsSchemaRejection(response.StatusCode, error))
        {
            state.RememberSchemaRejected(error);
            response.Dispose();
            ResponseFormatPolicy.Apply(body!, mode, schemaRejected: true, state.Options.StrictJsonSchema);
            SetJsonContent(request, JsonSerializer.SerializeToUtf8Bytes(body!));
            meter?.RecordResponseFormat(ResponseFormatPolicy.JsonObject, fellBack: true);
            response = await base.SendAsync(request, ct);
        }
        if (state.Limits.CountsTokens && response.IsSuccessStatusCode)
            lease.CorrectTokens(ReadTotalTokens(await response.Content.ReadAsByteArrayAsync(ct)));
        return response;
    }

    private static void SetJsonContent(HttpRequestMessage request, byte[] json)
    {
        if (request.Content is null && json.Length == 0) return;
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var previous = request.Content;
        request.Content = content;
        previous?.Dispose();
    }

    private static JsonObject? TryParseObject(ReadOnlySpan<byte> json)
    {
        if (json.Length == 0) return null;
        try { return JsonNode.Parse(json) as JsonObject; }
        catch (JsonException) { return null; }
    }

    private static long ReadTotalTokens(byte[] responseBody) =>
        TryParseObject(responseBody)?["usage"]?["total_tokens"] is JsonValue total && total.TryGetValue<long>(out var tokens)
            ? tokens
            : 0;
}
