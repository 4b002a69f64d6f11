using Screener.Core.Decisions;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;

namespace Screener.Core.Exports;

/// <summary>One record as exported: its bibliographic fields, where it came from, and what was decided about it.</summary>
public sealed record ExportRow(
    long Id,
    string? ExternalId,
    string Source,
    string FileName,
    int SourceLine,
    long? DuplicateOfId,
    string Title,
    string? Abstract,
    IReadOnlyList<string> Authors,
    int? Year,
    string? Journal,
    string? Doi,
    string? Pmid,
    IReadOnlyList<string> Keywords,
    bool? LabelTitleAbstract,
    bool? LabelFinal,
    StageResult TitleAbstract,
    StageResult FullText,
    LlmResult Llm);

/// <summary>One human decision as an export shows it (exports are for adjudicators and admins: names included).</summary>
public sealed record ReviewerDecisionText(string UserName, ScreeningDecision Decision, string? ExclusionReason);

/// <summary>
/// A record's human screening at one stage. State: awaiting / conflict / settled (DecisionRules.Outcome), null where
/// the stage does not apply (no decision at all on a duplicate; full text before the abstract was included). Decision
/// and Reason: the settled outcome and its exclusion reason. SettledBy: "adjudication", "humans" or null.
/// HumanDecisions: every reviewer's decision, "ann: exclude (wrong population); bob: include".
/// </summary>
public sealed record StageResult(string? State, string? Decision, string? Reason, string? SettledBy, string? HumanDecisions)
{
    public static StageResult None { get; } = new(null, null, null, null, null);

    /// <summary>
    /// The stage's result: state, decision and reason from the one settled definition (<see cref="SettledDecisions"/>:
    /// independent decisions, adjudication first), and every reviewer's current decision as text.
    /// </summary>
    public static StageResult From(RecordVotes? votes, IReadOnlyCollection<ReviewerDecisionText> humans, bool applies)
    {
        if (!applies && votes is null) return None;
        var outcome = votes?.Outcome ?? new RecordOutcome(RecordState.Awaiting, null);
        var settledBy = votes?.Adjudication is not null ? "adjudication" : outcome.State == RecordState.Settled ? "humans" : null;
        var text = string.Join("; ", humans.OrderBy(h => h.UserName, StringComparer.Ordinal)
            .Select(h => $"{h.UserName}: {Word(h.Decision)}" + (h.ExclusionReason is null ? "" : $" ({h.ExclusionReason})")));
        return new StageResult(outcome.State.ToString().ToLowerInvariant(), outcome.Decision is { } d ? Word(d) : null,
            votes is null ? null : SettledDecisions.SettledReason(votes), settledBy, text.Length == 0 ? null : text);
    }

    public static string Word(ScreeningDecision decision) => decision.ToString().ToLowerInvariant();
}

/// <summary>
/// The record's latest parsed LLM suggestion (decision, confidence, exclusion reason, flags) and its inclusion
/// probability over all parsed votes (<see cref="InclusionProbability"/>, the feature `rank` uses).
/// </summary>
public sealed record LlmResult(string? Decision, double? Confidence, string? Reason, IReadOnlyList<string> Flags, double? IncludeProbability)
{
    public static LlmResult None { get; } = new(null, null, null, [], null);
}
