using Screener.Core.Reviews;
using Screener.Core.Screening;

namespace Screener.Core.Decisions;

public enum RecordState
{
    /// <summary>Fewer human decisions than the protocol asks for.</summary>
    Awaiting,

    /// <summary>The humans disagree, or someone was unsure: an adjudicator must decide.</summary>
    Conflict,

    /// <summary>Enough humans agree, or an adjudicator decided.</summary>
    Settled,
}

public sealed record RecordOutcome(RecordState State, ScreeningDecision? Decision);

/// <summary>The pure rules of human review: when a record is settled, in conflict, and who may see what.</summary>
public static class DecisionRules
{
    public static int RequiredHumans(bool dualHumanReview) => dualHumanReview ? 2 : 1;

    /// <summary>
    /// An adjudication always settles. Otherwise the record is settled when at least the required number of
    /// humans decided and all of them made the same include/exclude decision; any disagreement or "unsure"
    /// among them is a conflict, but only once the required number have decided (blinding: no early signal).
    /// </summary>
    public static RecordOutcome Outcome(IReadOnlyCollection<ScreeningDecision> humans, ScreeningDecision? adjudication, bool dualHumanReview)
    {
        if (adjudication is { } adjudicated) return new RecordOutcome(RecordState.Settled, adjudicated);
        if (humans.Count < RequiredHumans(dualHumanReview)) return new RecordOutcome(RecordState.Awaiting, null);
        var distinct = humans.Distinct().ToList();
        return distinct is [var only] && only != ScreeningDecision.Unsure
            ? new RecordOutcome(RecordState.Settled, only)
            : new RecordOutcome(RecordState.Conflict, null);
    }

    /// <summary>
    /// Blinding: with dual review on, a reviewer sees other humans' decisions on a record only after deciding it
    /// themselves; adjudicators and admins see them (they resolve conflicts). With dual review off there is
    /// nothing to blind.
    /// </summary>
    public static bool MaySeeOtherDecisions(bool dualHumanReview, bool viewerHasDecided, ReviewerRole roleInReview) =>
        !dualHumanReview || viewerHasDecided || roleInReview is ReviewerRole.Adjudicator or ReviewerRole.Admin;

    /// <summary>An exclusion needs one of the protocol's reasons (when it lists any); include and unsure take none.</summary>
    public static string? ValidReason(ScreeningDecision decision, string? reason, IReadOnlyList<string> protocolReasons)
    {
        if (decision != ScreeningDecision.Exclude) return null;
        var trimmed = reason?.Trim();
        if (protocolReasons.Count == 0) return string.IsNullOrEmpty(trimmed) ? null : trimmed;
        if (string.IsNullOrEmpty(trimmed))
            throw new InvalidInputException("exclusionReason", "an exclusion needs a reason: one of " + string.Join(", ", protocolReasons.Select(r => $"'{r}'")));
        return protocolReasons.FirstOrDefault(r => string.Equals(r, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidInputException("exclusionReason", $"'{trimmed}' is not one of the protocol's reasons: " + string.Join(", ", protocolReasons.Select(r => $"'{r}'")));
    }
}
