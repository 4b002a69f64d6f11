using Screener.Core.Screening;

namespace Screener.Core.Decisions;

public enum ReviewStage
{
    TitleAbstract,
    FullText,
}

/// <summary>One reviewer's decision on one record at one stage, with what the LLM had suggested at the time.</summary>
public sealed class HumanDecision
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public long RecordId { get; set; }
    public long ReviewerId { get; set; }
    public ReviewStage Stage { get; set; }
    public ScreeningDecision Decision { get; set; }
    public string? ExclusionReason { get; set; }
    public string? Note { get; set; }

    /// <summary>The suggestion shown (or available) when the human decided; null when there was none.</summary>
    public long? LlmSuggestionId { get; set; }
    public ScreeningDecision? LlmSuggestedDecision { get; set; }
    public bool LlmSuggestionShown { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
}

/// <summary>The third reviewer's decision that closes a conflict between two human decisions.</summary>
public sealed class Adjudication
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public long RecordId { get; set; }
    public ReviewStage Stage { get; set; }
    public long AdjudicatorId { get; set; }
    public ScreeningDecision Decision { get; set; }
    public string? ExclusionReason { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
}
