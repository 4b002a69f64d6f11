using Screener.Core.Llm;
using Screener.Core.Prompts;

namespace Screener.Core.Jobs;

/// <summary>
/// What every LLM call of a run records, whatever it produced (a screening suggestion, an extraction draft): the
/// protocol, prompt and model it ran under, its parameters, the raw reply and what it cost, so that any output can
/// be audited and reproduced. One type, mapped onto the same columns of each output table.
/// </summary>
public sealed class LlmCallAudit
{
    public required string ProtocolHash { get; set; }
    public required string PromptId { get; set; }
    public required string PromptVersion { get; set; }
    public required string PromptHash { get; set; }
    public required string RenderedPromptHash { get; set; }
    public required string Model { get; set; }

    /// <summary>The model the server said answered (the reply's "model": a dated snapshot), when it said one.</summary>
    public string? ReportedModel { get; set; }

    /// <summary>The Batch API batch the reply came from; null for an online call.</summary>
    public string? BatchId { get; set; }

    /// <summary>Temperature, seed, max tokens, response format, as JSON.</summary>
    public string ParametersJson { get; set; } = "{}";
    public string? RawReply { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }

    /// <summary>The part of <see cref="PromptTokens"/> the provider served from its prompt cache (priced at Llm:Prices:NAME:CachedInput).</summary>
    public int CachedPromptTokens { get; set; }
    public decimal Cost { get; set; }
    public int LatencyMs { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// From a full text: what of it the prompt held, as JSON {"wholeText":bool,"pages":[...],"chunks":[chunk ids]}
    /// (<see cref="Screening.FullTextPassages"/>); null when the source was the title and abstract.
    /// </summary>
    public string? SourcePassagesJson { get; set; }

    public static LlmCallAudit Of<T>(RenderedPrompt rendered, string protocolHash, string model, LlmCallResult<T> result, DateTimeOffset now) => new()
    {
        ProtocolHash = protocolHash, PromptId = rendered.PromptId, PromptVersion = rendered.Version, PromptHash = rendered.PromptHash,
        RenderedPromptHash = rendered.RenderedHash, Model = model, ReportedModel = result.ReportedModel, BatchId = result.BatchId,
        ParametersJson = result.ParametersJson, RawReply = result.AuditText,
        PromptTokens = (int)result.PromptTokens, CompletionTokens = (int)result.CompletionTokens,
        CachedPromptTokens = (int)result.CachedPromptTokens, Cost = result.Cost,
        LatencyMs = (int)result.LatencyMs, Attempts = Math.Max(result.HttpAttempts, result.ModelCalls), Error = result.Error, CreatedAt = now,
    };
}
