using Screener.Core.Vocabulary;

namespace Screener.Core.Jobs;

/// <summary>
/// One LLM reviewer slot's suggestion for one record, with everything needed to audit and reproduce it.
/// </summary>
public sealed class LlmSuggestion : ILlmRunOutput
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long RecordId { get; set; }
    /// <summary>The protocol's reviewer slot, and which of its repeats this is (1-based).</summary>
    public required string Slot { get; set; }
    public int Repeat { get; set; } = 1;

    /// <summary>(record, slot, prompt version, model, protocol hash): a second attempt with the same key is a no-op.</summary>
    public required string IdempotencyKey { get; set; }
    public SuggestionStatus Status { get; set; }
    public ScreeningDecision? Decision { get; set; }
    public double? Confidence { get; set; }
    public string? ExclusionReason { get; set; }

    /// <summary>Per-criterion verdicts with evidence quotes and their grounding (a jsonb column, see CriterionVerdict).</summary>
    public List<CriterionVerdict> Verdicts { get; set; } = [];

    /// <summary>Machine-readable flags, e.g. "ungrounded-quote:E2" for a possible hallucination.</summary>
    public List<string> Flags { get; set; } = [];

    /// <summary>The prompt, model, parameters, raw reply and cost of the call that made it.</summary>
    public required LlmCallAudit Audit { get; set; }
}
