using System.Text.Json.Nodes;

namespace Screener.Core.Llm;

/// <summary>
/// Tokens a request will use, estimated before it is sent so the tokens-per-minute budget can be reserved;
/// corrected from the usage block afterwards.
/// </summary>
public static class TokenEstimate
{
    // English prose averages about four characters per token on the GPT tokenizers; slightly over-estimating is safer.
    public const double CharactersPerToken = 3.5;

    public static int FromText(int characters) => (int)Math.Ceiling(characters / CharactersPerToken);

    /// <summary>The most characters whose estimate stays within <paramref name="tokens"/> (the inverse of <see cref="FromText"/>).</summary>
    public static int MaxCharacters(int tokens) => (int)Math.Floor(tokens * CharactersPerToken);

    /// <summary>Prompt characters / 3.5 plus max_tokens (or max_completion_tokens), else the configured default completion size.</summary>
    public static int ForRequest(JsonObject? body, int rawBodyLength, int defaultCompletionTokens)
    {
        var promptCharacters = body?["messages"] is JsonArray messages
            ? messages.Sum(m => m?["content"]?.ToJsonString().Length ?? 0)
            : body?["input"]?.ToJsonString().Length ?? rawBodyLength;
        if (body?["input"] is not null && body["messages"] is null) return FromText(promptCharacters); // embeddings: no completion
        return FromText(promptCharacters) + CompletionTokens(body, defaultCompletionTokens);
    }

    /// <summary>The reply's tokens as a request bounds them: max_completion_tokens or max_tokens, else the configured default.</summary>
    public static int CompletionTokens(JsonObject? body, int defaultCompletionTokens) =>
        ReadInt(body, "max_completion_tokens") ?? ReadInt(body, "max_tokens") ?? defaultCompletionTokens;

    private static int? ReadInt(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
