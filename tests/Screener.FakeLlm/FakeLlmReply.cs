namespace Screener.FakeLlm;

/// <summary>What the server does with one request: a scripted reply, an HTTP error, a delay, a broken body or a dropped connection.</summary>
public sealed record FakeLlmReply
{
    /// <summary>The assistant message content of a chat completion (ignored for embeddings, which are hashed from the input).</summary>
    public string Content { get; init; } = "{}";

    public int StatusCode { get; init; } = 200;

    /// <summary>"stop", or "length" for a reply cut by max_tokens.</summary>
    public string FinishReason { get; init; } = "stop";

    /// <summary>Headers added to the response, e.g. Retry-After or x-ratelimit-reset-requests.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Waited before answering (cancelled when the client goes away).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Replaces the whole response body, e.g. an HTML error page or a non-JSON text.</summary>
    public string? RawBody { get; init; }

    /// <summary>Sends only the first N bytes of the body, then closes the response.</summary>
    public int? TruncateBodyAt { get; init; }

    /// <summary>Drops the connection without a response.</summary>
    public bool Abort { get; init; }

    /// <summary>Usage block values; null means a count derived from the text lengths.</summary>
    public int? PromptTokens { get; init; }

    public int? CompletionTokens { get; init; }

    /// <summary>usage.prompt_tokens_details.cached_tokens: the part of the prompt served from the provider's cache; null leaves the details out.</summary>
    public int? CachedTokens { get; init; }

    public static FakeLlmReply Text(string content) => new() { Content = content };

    public static FakeLlmReply Error(int statusCode, string message, string type = "server_error") => new()
    {
        StatusCode = statusCode,
        RawBody = new System.Text.Json.Nodes.JsonObject
        {
            ["error"] = new System.Text.Json.Nodes.JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = null },
        }.ToJsonString(),
    };

    public static FakeLlmReply RateLimited(string retryAfter) =>
        Error(429, "Rate limit reached. Please try again later.", "rate_limit_exceeded") with
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfter },
        };

    public static FakeLlmReply Dropped() => new() { Abort = true };
}
