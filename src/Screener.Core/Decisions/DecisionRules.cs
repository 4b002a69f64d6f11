using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

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

/// <summary>
/// One reviewer's decision on a record: the independent one (their last before another's decision was shown to them)
/// and the current one (the same unless they changed it after seeing another's).
/// </summary>
public readonly record struct HumanVote(ScreeningDecision Independent, ScreeningDecision Current)
{
    public static HumanVote Blind(ScreeningDecision decision) => new(decision, decision);

    public bool ChangedAfterSeeingOthers => Independent != Current;
}

/// <summary>The pure rules of human review: when a record is settled, in conflict, and who may see what.</summary>
public static class DecisionRules
{
    public static int RequiredHumans(bool dualHumanReview) => dualHumanReview ? 2 : 1;

    /// <summary>
    /// Settled, the one definition (README "Definitions"): an adjudication always settles. Otherwise the record is
    /// settled when at least the required number of humans decided and all of them made the same include/exclude
    /// decision, independently and as they stand now; any disagreement or "unsure" among them is a conflict, but only
    /// once the required number have decided (blinding: no early signal). A decision changed after seeing another's
    /// never settles a conflict by itself: its independent decision still counts, so agreeing afterwards keeps the
    /// conflict; disagreeing afterwards opens one.
    /// </summary>
    public static RecordOutcome Outcome(IReadOnlyCollection<HumanVote> humans, ScreeningDecision? adjudication, bool dualHumanReview)
    {
        if (adjudication is { } adjudicated) return new RecordOutcome(RecordState.Settled, adjudicated);
        if (humans.Count < RequiredHumans(dualHumanReview)) return new RecordOutcome(RecordState.Awaiting, null);
        var distinct = humans.SelectMany(h => new[] { h.Independent, h.Current }).Distinct().ToList();
        return distinct is [var only] && only != ScreeningDecision.Unsure
            ? new RecordOutcome(RecordState.Settled, only)
            : new RecordOutcome(RecordState.Conflict, null);
    }

    /// <summary>The outcome of decisions that were all made blind (none changed after seeing another's).</summary>
    public static RecordOutcome Outcome(IReadOnlyCollection<ScreeningDecision> humans, ScreeningDecision? adjudication, bool dualHumanReview) =>
        Outcome(humans.Select(HumanVote.Blind).ToList(), adjudication, dualHumanReview);

    /// <summary>
    /// Blinding: with dual review on, a reviewer sees other humans' decisions on a record only after deciding it
    /// themselves; adjudicators and admins see them (they resolve conflicts). With dual review off there is
    /// nothing to blind.
    /// </summary>
    public static bool MaySeeOtherDecisions(bool dualHumanReview, bool viewerHasDecided, ReviewerRole roleInReview) =>
        !dualHumanReview || viewerHasDecided || roleInReview is ReviewerRole.Adjudicator or ReviewerRole.Admin;

    /// <summary>
    /// The reviewer whose figures (queue, stopping aid) must come only from settled records and their own decisions:
    /// a blinded reviewer under dual review. Null when the actor may see every decision anyway.
    /// </summary>
    public static long? BlindedViewer(bool dualHumanReview, ReviewActor actor) =>
        MaySeeOtherDecisions(dualHumanReview, viewerHasDecided: false, actor.Role) ? null : actor.ReviewerId;

    /// <summary>
    /// The exclusion reason a decision is stored with, the one rule for the web, the API and `review decide`: include and
    /// unsure take none; an exclusion may name one of the protocol's reasons (any text when the protocol lists none)
    /// and must name one only when the protocol says `exclusion_reason_required: true` (issue 21: a reason is
    /// optional unless the protocol requires it).
    /// </summary>
    public static string? ValidReason(ScreeningDecision decision, string? reason, IReadOnlyList<string> protocolReasons, bool required)
    {
        if (decision != ScreeningDecision.Exclude) return null;
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (!required) return null;
            throw new InvalidInputException("exclusionReason", protocolReasons.Count == 0
                ? "the protocol requires a reason for an exclusion"
                : "the protocol requires a reason for an exclusion: one of " + string.Join(", ", protocolReasons.Select(r => $"'{r}'")));
        }
        if (protocolReasons.Count == 0) return trimmed;
        return protocolReasons.FirstOrDefault(r => string.Equals(r, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidInputException("exclusionReason", $"'{trimmed}' is not one of the protocol's reasons: " + string.Join(", ", protocolReasons.Select(r => $"'{r}'")));
    }
}
