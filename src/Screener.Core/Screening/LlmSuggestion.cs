namespace Screener.Core.Screening;

public enum ScreeningDecision
{
    Include,
    Exclude,
    Unsure,
}

public enum SuggestionStatus
{
    /// <summary>The reply parsed and validated against the schema.</summary>
    Parsed,

    /// <summary>The reply (and its one repair) did not parse: the raw text is kept, no decision is guessed.</summary>
    Unparseable,

    /// <summary>No usable reply: the call failed after its retries (the cause is in Error).</summary>
    Failed,
}

/// <summary>
/// One LLM reviewer slot's suggestion for one record, with everything needed to audit and reproduce it.
/// </summary>
public sealed class LlmSuggestion
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long RecordId { get; set; }
    public required string Slot { get; set; }

    /// <summary>(record, slot, prompt version, model, protocol hash): a second attempt with the same key is a no-op.</summary>
    public required string IdempotencyKey { get; set; }
    public SuggestionStatus Status { get; set; }
    public ScreeningDecision? Decision { get; set; }
    public double? Confidence { get; set; }
    public string? ExclusionReason { get; set; }

    /// <summary>Per-criterion verdicts with evidence quotes and their grounding, as a JSON array (see CriterionVerdict).</summary>
    public string VerdictsJson { get; set; } = "[]";

    /// <summary>Machine-readable flags, e.g. "ungrounded-quote:E2" for a possible hallucination.</summary>
    public List<string> Flags { get; set; } = [];

    public required string ProtocolHash { get; set; }
    public required string PromptId { get; set; }
    public required string PromptVersion { get; set; }
    public required string PromptHash { get; set; }
    public required string RenderedPromptHash { get; set; }
    public required string Model { get; set; }

    /// <summary>Temperature, seed, max tokens, response format, as JSON.</summary>
    public string ParametersJson { get; set; } = "{}";
    public string? RawReply { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    public decimal Cost { get; set; }
    public int LatencyMs { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
