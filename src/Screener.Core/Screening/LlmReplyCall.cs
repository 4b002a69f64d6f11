using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Screener.Core.Screening;

public enum CallOutcome
{
    Parsed,
    Unparseable,
    Failed,
}

/// <summary>What one structured LLM call produced, with what the audit trail needs.</summary>
public sealed record LlmCallResult<T>(
    CallOutcome Outcome, T? Value, string? RawReply, string? Error, int PromptTokens, int CompletionTokens, int LatencyMs, int Calls, string ParametersJson);

/// <summary>
/// Ask for JSON, parse strictly, and on a parse failure ask exactly once more with the error; after that the
/// reply is recorded as unparseable with its raw text. A transport failure (after the HTTP pipeline's retries) is a failure, never a guess.
/// </summary>
public static class LlmReplyCall
{
    public static async Task<LlmCallResult<T>> RunAsync<T>(
        IChatClient chat, IReadOnlyList<ChatMessage> messages, ChatOptions options, Func<string?, (T? Value, string? Error)> parse, CancellationToken ct)
        where T : class
    {
        var parameters = JsonSerializer.Serialize(new
        {
            model = options.ModelId, temperature = options.Temperature, seed = options.Seed,
            maxOutputTokens = options.MaxOutputTokens, responseFormat = DescribeFormat(options.ResponseFormat),
        });
        var watch = Stopwatch.StartNew();
        int prompt = 0, completion = 0, calls = 0;
        var conversation = messages.ToList();
        var raws = new List<string>();
        try
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                calls++;
                var response = await chat.GetResponseAsync(conversation, options, ct);
                prompt += (int)(response.Usage?.InputTokenCount ?? 0);
                completion += (int)(response.Usage?.OutputTokenCount ?? 0);
                var text = response.Text;
                raws.Add(text);
                var (value, error) = parse(text);
                if (value is not null)
                    return new(CallOutcome.Parsed, value, Join(raws), null, prompt, completion, (int)watch.ElapsedMilliseconds, calls, parameters);
                if (attempt == 1)
                    return new(CallOutcome.Unparseable, null, Join(raws), error, prompt, completion, (int)watch.ElapsedMilliseconds, calls, parameters);
                conversation.Add(new ChatMessage(ChatRole.Assistant, text));
                conversation.Add(new ChatMessage(ChatRole.User,
                    $"Your reply could not be used: {error}. Reply again with only the corrected JSON object, matching the schema."));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new(CallOutcome.Failed, null, raws.Count == 0 ? null : Join(raws), $"{e.GetType().Name}: {e.Message}",
                prompt, completion, (int)watch.ElapsedMilliseconds, calls, parameters);
        }
        throw new UnreachableException();
    }

    // The repair's reply follows the first one, so the audit shows both.
    private static string Join(List<string> raws) => string.Join("\n\n--- repair reply ---\n\n", raws);

    private static string DescribeFormat(ChatResponseFormat? format) => format switch
    {
        ChatResponseFormatJson { Schema: not null } json => "json_schema:" + json.SchemaName,
        ChatResponseFormatJson => "json_object",
        _ => "text",
    };
}
