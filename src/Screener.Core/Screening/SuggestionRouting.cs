using Screener.Core.Jobs;
using Screener.Core.Protocol;
using Screener.Core.Vocabulary;

namespace Screener.Core.Screening;

public enum Route
{
    /// <summary>No usable suggestion: a human screens it unaided.</summary>
    NoSuggestion,

    /// <summary>Every slot says include, confidently: a human confirms.</summary>
    ConfirmInclude,

    /// <summary>Every slot says exclude, confidently: a human confirms.</summary>
    ConfirmExclude,

    /// <summary>Slots disagree or the probability is in the uncertain band: a human decides first.</summary>
    HumanFirst,
}

public sealed record RoutingResult(double? InclusionProbability, Route Route, int Votes, string Reason);

/// <summary>The recall-first rules that turn LLM replies into votes and votes into routing. Pure.</summary>
public static class SuggestionRouting
{
    public const string DowngradedExcludeFlag = "exclude-without-violated-criterion";

    /// <summary>
    /// Recall first: an "exclude" only counts when some criterion is clearly violated (an inclusion
    /// criterion not met, or an exclusion criterion met). Otherwise the vote becomes "unsure".
    /// </summary>
    public static (ScreeningDecision Decision, bool Downgraded) EffectiveDecision(ScreeningReply reply, ReviewProtocol protocol) =>
        EffectiveDecision(reply, protocol.TitleAbstract);

    public static (ScreeningDecision Decision, bool Downgraded) EffectiveDecision(ScreeningReply reply, StageEligibility eligibility)
    {
        if (reply.Decision != ScreeningDecision.Exclude) return (reply.Decision, false);
        var exclusionIds = eligibility.ExclusionCriteria.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var violated = reply.Criteria.Any(c => exclusionIds.Contains(c.Id) ? c.Verdict == Verdict.Met : c.Verdict == Verdict.NotMet);
        return violated ? (ScreeningDecision.Exclude, false) : (ScreeningDecision.Unsure, true);
    }

    public static RoutingResult Route(IReadOnlyCollection<ScreeningDecision> votes, ScreeningPolicy policy)
    {
        var p = InclusionProbability.FromVotes(votes);
        if (p is not { } probability) return new RoutingResult(null, Screening.Route.NoSuggestion, 0, "no parsed suggestion");
        if (votes.Distinct().Count() > 1)
            return new RoutingResult(probability, Screening.Route.HumanFirst, votes.Count, "slots disagree");
        if (probability >= policy.UncertainLow && probability <= policy.UncertainHigh)
            return new RoutingResult(probability, Screening.Route.HumanFirst, votes.Count, "inside the uncertain band");
        return probability > policy.UncertainHigh
            ? new RoutingResult(probability, Screening.Route.ConfirmInclude, votes.Count, "slots agree: include")
            : new RoutingResult(probability, Screening.Route.ConfirmExclude, votes.Count, "slots agree: exclude");
    }
}
