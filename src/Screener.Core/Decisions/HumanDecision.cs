using Screener.Core.Vocabulary;

namespace Screener.Core.Decisions;

/// <summary>
/// One reviewer's current decision on one record at one stage, with what the LLM had suggested at the time. Every
/// version is kept in <see cref="HumanDecisionVersion"/>; this row is the latest, plus the reviewer's independent
/// (blind) decision when the latest was made after another reviewer's decision had been shown to them.
/// </summary>
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

    /// <summary>The number of the current version (1 for the first decision).</summary>
    public int Version { get; set; } = 1;

    /// <summary>When another reviewer's decision on this record was first shown to this reviewer; null while blind.</summary>
    public DateTimeOffset? OthersShownAt { get; set; }

    /// <summary>
    /// The reviewer's last decision made before another's was shown to them, kept when the current one was made after
    /// (null: the current decision is itself independent). Conflicts, kappa and PRISMA read the independent decision.
    /// </summary>
    public ScreeningDecision? BlindDecision { get; set; }
    public string? BlindExclusionReason { get; set; }

    /// <summary>The decision made before seeing another's: <see cref="BlindDecision"/> when kept, else the current one.</summary>
    public ScreeningDecision IndependentDecision => BlindDecision ?? Decision;
}

/// <summary>
/// One version of a reviewer's decision: who, when, what it replaced, and whether another reviewer's decision had
/// been shown to this reviewer before it was made (then it is not independent, and it never settles a conflict).
/// </summary>
public sealed class HumanDecisionVersion
{
    public long Id { get; set; }
    public long HumanDecisionId { get; set; }
    public long ReviewId { get; set; }
    public long RecordId { get; set; }
    public long ReviewerId { get; set; }
    public ReviewStage Stage { get; set; }
    public int Version { get; set; }
    public ScreeningDecision Decision { get; set; }
    public string? ExclusionReason { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset DecidedAt { get; set; }

    /// <summary>The version this one replaced (null for the first).</summary>
    public int? ReplacesVersion { get; set; }
    public bool OthersShownBefore { get; set; }
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

    /// <summary>The decision versions this adjudication settled, as "decisionId:version" joined by commas (null before versions were kept).</summary>
    public string? SettledVersions { get; set; }
}
