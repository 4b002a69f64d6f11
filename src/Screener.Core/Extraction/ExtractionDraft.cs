namespace Screener.Core.Extraction;

public enum FieldReviewStatus
{
    Draft,
    Accepted,
    Edited,
    Rejected,
}

/// <summary>One LLM extraction call for one record: the audit trail for all its fields.</summary>
public sealed class ExtractionDraft
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long RecordId { get; set; }
    public required string IdempotencyKey { get; set; }
    public Screening.SuggestionStatus Status { get; set; }
    public required string ProtocolHash { get; set; }
    public required string PromptId { get; set; }
    public required string PromptVersion { get; set; }
    public required string PromptHash { get; set; }
    public required string RenderedPromptHash { get; set; }
    public required string Model { get; set; }
    public string ParametersJson { get; set; } = "{}";

    /// <summary>"abstract" or the path of the full-text file the user supplied.</summary>
    public required string SourceKind { get; set; }
    public string? RawReply { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }
    public decimal Cost { get; set; }
    public int LatencyMs { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ExtractionDraftField> Fields { get; set; } = [];
}

/// <summary>One form field's draft value with its evidence, and the human verification of it.</summary>
public sealed class ExtractionDraftField
{
    public long Id { get; set; }
    public long DraftId { get; set; }
    public long RecordId { get; set; }
    public required string FieldName { get; set; }

    /// <summary>The typed value as JSON (null when not reported).</summary>
    public string? ValueJson { get; set; }
    public bool NotReported { get; set; }
    public string? Evidence { get; set; }
    public double? Confidence { get; set; }
    public List<string> Flags { get; set; } = [];
    public FieldReviewStatus ReviewStatus { get; set; }
    public string? FinalValueJson { get; set; }
    public long? VerifiedById { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
}
