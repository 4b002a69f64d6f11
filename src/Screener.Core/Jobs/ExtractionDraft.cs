namespace Screener.Core.Jobs;

public enum FieldReviewStatus
{
    Draft,
    Accepted,
    Edited,
    Rejected,
}

/// <summary>One LLM extraction call for one record: the audit trail for all its fields.</summary>
public sealed class ExtractionDraft : ILlmRunOutput
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long RecordId { get; set; }
    public required string IdempotencyKey { get; set; }
    public Vocabulary.SuggestionStatus Status { get; set; }
    /// <summary>"abstract", "full text (FILE NAME)" for a stored full text, or the name of a full-text file from a folder.</summary>
    public required string SourceKind { get; set; }

    /// <summary>The prompt, model, parameters, raw reply and cost of the call that made it.</summary>
    public required LlmCallAudit Audit { get; set; }
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

    /// <summary>From a full text: the page the evidence is on as the reply cited it (null from an abstract or when not reported).</summary>
    public int? Page { get; set; }
    public double? Confidence { get; set; }
    public List<string> Flags { get; set; } = [];
    public FieldReviewStatus ReviewStatus { get; set; }
    public string? FinalValueJson { get; set; }
    public long? VerifiedById { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
}
