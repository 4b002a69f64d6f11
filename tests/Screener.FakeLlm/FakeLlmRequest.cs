using System.Text.Json.Nodes;

namespace Screener.FakeLlm;

public enum FakeLlmKind
{
    ChatCompletions,
    Embeddings,
}

/// <summary>One request as the server received it, kept for assertions.</summary>
public sealed record FakeLlmRequest(
    int Sequence,
    FakeLlmKind Kind,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    string RawBody,
    JsonObject? Body,
    string? AzureDeployment,
    DateTimeOffset ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    public string? Model => Body?["model"]?.GetValue<string>();

    /// <summary>response_format.type: json_schema, json_object, text, or null when absent.</summary>
    public string? ResponseFormatType => Body?["response_format"]?["type"]?.GetValue<string>();

    public JsonObject? JsonSchema => Body?["response_format"]?["json_schema"] as JsonObject;

    public JsonArray Messages => Body?["messages"] as JsonArray ?? [];

    /// <summary>The text of the last message with this role ("user", "assistant", "system").</summary>
    public string? LastMessage(string role) =>
        Messages.OfType<JsonObject>().LastOrDefault(m => m["role"]?.GetValue<string>() == role)?["content"] switch
        {
            JsonValue text => text.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => null,
        };

    /// <summary>The inputs of an embeddings request.</summary>
    public IReadOnlyList<string> EmbeddingInputs => Body?["input"] switch
    {
        JsonValue one => [one.GetValue<string>()],
        JsonArray many => [.. many.Select(i => i?.GetValue<string>() ?? "")],
        _ => [],
    };
}
