using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;

namespace Screener.Core.Llm;

public enum LlmCallStatus
{
    /// <summary>The first reply parsed.</summary>
    Parsed,
    /// <summary>The first reply did not parse; the repair reply did.</summary>
    Repaired,
    /// <summary>Neither reply parsed: recorded with its raw text, never guessed.</summary>
    Unparseable,
    /// <summary>No usable reply: the transport failed after its retries (see FailureCause).</summary>
    Failed,
}

/// <summary>The caller's strict parser answer: a value, or why the text is not acceptable.</summary>
public readonly record struct ParseResult<T>(T? Value, string? Error)
{
    public bool IsSuccess => Error is null;

    public static ParseResult<T> Success(T value) => new(value, null);

    public static ParseResult<T> Failure(string error) => new(default, error);
}

/// <summary>One structured call as the audit record needs it.</summary>
public sealed record LlmCallResult<T>(
    LlmCallStatus Status,
    T? Value,
    IReadOnlyList<string> RawReplies,
    string? ParseError,
    string? FailureCause,
    long PromptTokens,
    long CompletionTokens,
    decimal Cost,
    long LatencyMs,
    int HttpAttempts,
    int ModelCalls,
    string? ReportedModel,
    string ParametersJson)
{
    /// <summary>The last reply text received (the repair reply when there was one).</summary>
    public string? RawReply => RawReplies.Count > 0 ? RawReplies[^1] : null;

    public bool IsSuccess => Status is LlmCallStatus.Parsed or LlmCallStatus.Repaired;

    /// <summary>Every reply received, the repair's after the first, as the audit record keeps them.</summary>
    public string? AuditText => RawReplies.Count == 0 ? null : string.Join("\n\n--- repair reply ---\n\n", RawReplies);

    /// <summary>The part of <see cref="PromptTokens"/> the provider read from its prompt cache (priced at the cached rate).</summary>
    public long CachedPromptTokens { get; init; }

    /// <summary>The Batch API batch the first reply came from (priced at the batch rate); null for an online call.</summary>
    public string? BatchId { get; init; }

    /// <summary>Why there is no value: the parse error of the last reply, or the transport failure.</summary>
    public string? Error => FailureCause ?? (IsSuccess ? null : ParseError);
}

/// <summary>
/// Call → strict parse → at most one repair call (the previous reply and the parse error, asking for corrected JSON)
/// → a result marked Unparseable or Failed that keeps the raw text. Never throws for a bad reply or a transport
/// failure; only cancellation propagates.
/// </summary>
public static class StructuredLlmCall
{
    public const string RepairInstruction =
        "Your previous reply could not be used: {0}. Reply again with only the corrected JSON object that follows the required schema, and no other text.";

    public static async Task<LlmCallResult<T>> RunAsync<T>(
        IChatClient chat, IReadOnlyList<ChatMessage> messages, ChatOptions options, Func<string, ParseResult<T>> parse,
        LlmRunUsage usage, CancellationToken ct)
    {
        var meter = LlmCallMeter.Start();
        var clock = Stopwatch.StartNew();
        var tally = new Tally();
        (LlmCallStatus Status, T? Value, string? ParseError) outcome;
        string? failure = null;
        try
        {
            outcome = await CallAndParseAsync(chat, messages, options, parse, tally, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not Batch.BatchRequestCollectedException)
        {
            outcome = (LlmCallStatus.Failed, default, tally.FirstParseError);
            failure = LlmFailure.Describe(e);
        }
        var model = chat.GetService<ChatClientMetadata>()?.DefaultModelId ?? options.ModelId ?? tally.ReportedModel ?? "";
        var price = LlmCost.PriceFor(usage.Prices, model, tally.ReportedModel);
        var batch = tally.FromBatch;
        // A reply served from a batch is priced at the batch rate; its repair call (online) at the online rate.
        var cost = LlmCost.Compute(price, tally.Prompt - batch.Prompt, tally.Completion - batch.Completion, tally.Cached - batch.Cached)
            + LlmCost.Compute(price, batch.Prompt, batch.Completion, batch.Cached, batch: true);
        usage.Add(outcome.Status, tally.Prompt, tally.Completion, cost, meter.Attempts, failure, tally.Cached);
        return new LlmCallResult<T>(
            outcome.Status, outcome.Value, tally.Replies, outcome.ParseError, failure, tally.Prompt, tally.Completion, cost,
            clock.ElapsedMilliseconds, meter.Attempts, tally.Calls, tally.ReportedModel,
            LlmCallParameters.ToJson(model, options, meter))
        { CachedPromptTokens = tally.Cached, BatchId = batch.BatchId };
    }

    private static async Task<(LlmCallStatus, T?, string?)> CallAndParseAsync<T>(
        IChatClient chat, IReadOnlyList<ChatMessage> messages, ChatOptions options, Func<string, ParseResult<T>> parse,
        Tally tally, CancellationToken ct)
    {
        var first = await tally.SendAsync(chat, messages, options, ct);
        var parsed = parse(first.Text);
        if (parsed.IsSuccess) return (LlmCallStatus.Parsed, parsed.Value, null);
        tally.FirstParseError = parsed.Error;
        List<ChatMessage> repair =
        [
            .. messages,
            new(ChatRole.Assistant, first.Text),
            new(ChatRole.User, string.Format(CultureInfo.InvariantCulture, RepairInstruction, parsed.Error)),
        ];
        var second = await tally.SendAsync(chat, repair, options, ct);
        var reparsed = parse(second.Text);
        return reparsed.IsSuccess
            ? (LlmCallStatus.Repaired, reparsed.Value, parsed.Error)
            : (LlmCallStatus.Unparseable, default, reparsed.Error);
    }

    private sealed class Tally
    {
        public List<string> Replies { get; } = [];
        public long Prompt { get; private set; }
        public long Completion { get; private set; }
        public long Cached { get; private set; }
        public int Calls { get; private set; }
        public string? ReportedModel { get; private set; }
        public string? FirstParseError { get; set; }
        public (long Prompt, long Completion, long Cached, string? BatchId) FromBatch { get; private set; }

        public async Task<ChatResponse> SendAsync(IChatClient chat, IEnumerable<ChatMessage> messages, ChatOptions options, CancellationToken ct)
        {
            Calls++;
            var batch = Batch.BatchCall.Current;
            var servedBefore = batch?.Served ?? false;
            var response = await chat.GetResponseAsync(messages, options, ct);
            Replies.Add(response.Text);
            var (prompt, completion, cached) = (response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0, CachedInputTokens(response.Usage));
            Prompt += prompt;
            Completion += completion;
            Cached += cached;
            if (batch is { Served: true } && !servedBefore) FromBatch = (prompt, completion, cached, batch.BatchId);
            ReportedModel = response.ModelId ?? ReportedModel;
            return response;
        }

        // OpenAI's usage.prompt_tokens_details.cached_tokens: Microsoft.Extensions.AI.OpenAI maps it to
        // CachedInputTokenCount; older adapters put it in AdditionalCounts under the SDK's property path.
        private static long CachedInputTokens(UsageDetails? usage) =>
            usage?.CachedInputTokenCount
            ?? (usage?.AdditionalCounts?.TryGetValue("InputTokenDetails.CachedTokenCount", out var cached) == true ? cached : 0);
    }
}
