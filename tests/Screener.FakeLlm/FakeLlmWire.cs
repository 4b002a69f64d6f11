using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Screener.FakeLlm;

/// <summary>Reading requests and writing replies in the OpenAI / Azure OpenAI JSON shapes.</summary>
internal static class FakeLlmWire
{
    private const string AzurePrefix = "/openai/deployments/";

    public static async Task<FakeLlmRequest?> ReadRequestAsync(HttpContext context, int sequence)
    {
        var path = context.Request.Path.Value ?? "";
        FakeLlmKind? kind = path.EndsWith("/chat/completions", StringComparison.Ordinal) ? FakeLlmKind.ChatCompletions
            : path.EndsWith("/embeddings", StringComparison.Ordinal) ? FakeLlmKind.Embeddings
            : null;
        if (kind is null) return null;
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        JsonObject? body;
        try { body = JsonNode.Parse(raw) as JsonObject; }
        catch (JsonException) { body = null; }
        string? deployment = null;
        if (path.StartsWith(AzurePrefix, StringComparison.Ordinal))
            deployment = path[AzurePrefix.Length..].Split('/')[0];
        return new FakeLlmRequest(
            sequence, kind.Value, context.Request.Method, path,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            raw, body, deployment, DateTimeOffset.UtcNow);
    }

    /// <summary>What Azure OpenAI answers to a deployment URL without api-version or credentials.</summary>
    public static FakeLlmReply? AzureRejection(FakeLlmRequest request)
    {
        if (request.AzureDeployment is null) return null;
        if (string.IsNullOrEmpty(request.QueryValue("api-version")))
            return FakeLlmReply.Error(404, "Resource not found", "invalid_request_error");
        var bearer = request.Header("Authorization")?.StartsWith("Bearer ", StringComparison.Ordinal) == true;
        if (string.IsNullOrEmpty(request.Header("api-key")) && !bearer)
            return FakeLlmReply.Error(401, "Access denied due to missing subscription key.", "invalid_request_error");
        return null;
    }

    public static async Task WriteReplyAsync(HttpContext context, FakeLlmRequest request, FakeLlmReply reply, int dimensions)
    {
        var ct = context.RequestAborted;
        if (reply.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(reply.Delay, ct); }
            catch (OperationCanceledException) { return; }
        }
        if (reply.Abort)
        {
            context.Abort();
            return;
        }
        var response = context.Response;
        response.StatusCode = reply.StatusCode;
        foreach (var (name, value) in reply.Headers) response.Headers[name] = value;
        var body = reply.RawBody ?? (request.Kind == FakeLlmKind.Embeddings
            ? EmbeddingsBody(request, reply, dimensions)
            : ChatBody(request, reply));
        response.ContentType = body.StartsWith('{') ? "application/json" : "text/plain";
        var bytes = Encoding.UTF8.GetBytes(body);
        if (reply.TruncateBodyAt is { } cut) bytes = bytes[..Math.Min(cut, bytes.Length)];
        else response.ContentLength = bytes.Length;
        try { await response.Body.WriteAsync(bytes, ct); }
        catch (OperationCanceledException) { }
    }

    internal static string ChatBody(FakeLlmRequest request, FakeLlmReply reply)
    {
        var promptText = string.Concat(request.Messages.Select(m => m?["content"]?.ToJsonString()));
        var prompt = reply.PromptTokens ?? Tokens(promptText);
        var completion = reply.CompletionTokens ?? Tokens(reply.Content);
        var json = new JsonObject
        {
            ["id"] = $"chatcmpl-fake-{request.Sequence}",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000 + request.Sequence,
            ["model"] = request.Model ?? request.AzureDeployment ?? "fake",
            ["system_fingerprint"] = "fp_fake",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content, ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = reply.FinishReason,
            }),
            ["usage"] = Usage(prompt, completion, reply.CachedTokens),
        };
        return json.ToJsonString();
    }

    private static string EmbeddingsBody(FakeLlmRequest request, FakeLlmReply reply, int defaultDimensions)
    {
        var dimensions = request.Body?["dimensions"]?.GetValue<int>() ?? defaultDimensions;
        var base64 = request.Body?["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        var inputs = request.EmbeddingInputs;
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = HashedEmbedding.Compute(inputs[i], dimensions);
            JsonNode encoded = base64 ? JsonValue.Create(ToBase64(vector)) : new JsonArray([.. vector.Select(v => (JsonNode)v)]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = encoded });
        }
        var prompt = reply.PromptTokens ?? inputs.Sum(Tokens);
        var usage = new JsonObject { ["prompt_tokens"] = prompt, ["total_tokens"] = prompt };
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = request.Model ?? request.AzureDeployment ?? "fake",
            ["usage"] = usage,
        }.ToJsonString();
    }

    private static JsonObject Usage(int prompt, int completion, int? cached)
    {
        var usage = new JsonObject
        {
            ["prompt_tokens"] = prompt,
            ["completion_tokens"] = completion,
            ["total_tokens"] = prompt + completion,
        };
        if (cached is { } c) usage["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = c };
        return usage;
    }

    // Roughly four characters a token, as the real tokenizers average on English text.
    private static int Tokens(string text) => (text.Length + 3) / 4;

    private static string ToBase64(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        return Convert.ToBase64String(bytes);
    }
}
