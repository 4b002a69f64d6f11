using Screener.Core.Protocol;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using static Screener.Core.Tests.Screening.ScreeningTestData;

namespace Screener.Core.Tests.Screening;

public sealed class ReplyAssessmentTests
{
    private static AssessedReply Assess(string reply) =>
        ReplyAssessment.Assess(ScreeningReplySchema.Parse(reply, Statins).Value!, Statins, Record());

    [Fact]
    public void Grounded_quotes_raise_no_flag()
    {
        var a = Assess(Reply());

        Assert.Empty(a.Flags);
        Assert.All(a.Verdicts, v => Assert.True(v.Grounded));
    }

    [Fact]
    public void An_invented_quote_is_flagged_as_a_possible_hallucination()
    {
        var a = Assess(Reply(i1Evidence: "patients aged 80 to 95 years"));

        Assert.Equal(["ungrounded-quote:I1"], a.Flags);
        Assert.False(a.Verdicts.Single(v => v.CriterionId == "I1").Grounded);
    }

    [Fact]
    public void Exclude_with_no_violated_criterion_becomes_unsure_for_recall()
    {
        var a = Assess(Reply(decision: "exclude", reason: "wrong population", i1: "unclear", i1Evidence: ""));

        Assert.Equal(ScreeningDecision.Unsure, a.Decision);
        Assert.Null(a.ExclusionReason);
        Assert.Contains(SuggestionRouting.DowngradedExcludeFlag, a.Flags);
    }

    [Fact]
    public void Exclude_with_a_violated_criterion_stands_and_an_unknown_reason_is_flagged()
    {
        var a = Assess(Reply(decision: "exclude", reason: "too old", e1: "met"));

        Assert.Equal(ScreeningDecision.Exclude, a.Decision);
        Assert.Equal("too old", a.ExclusionReason);
        Assert.Equal([ReplyAssessment.UnknownExclusionReasonFlag], a.Flags);
    }

    [Theory]
    [InlineData(new[] { ScreeningDecision.Include }, Route.ConfirmInclude, 1.0)]
    [InlineData(new[] { ScreeningDecision.Exclude, ScreeningDecision.Exclude }, Route.ConfirmExclude, 0.0)]
    [InlineData(new[] { ScreeningDecision.Include, ScreeningDecision.Exclude }, Route.HumanFirst, 0.5)]
    [InlineData(new[] { ScreeningDecision.Unsure }, Route.HumanFirst, 0.5)]
    public void Votes_route_by_agreement_and_the_uncertain_band(ScreeningDecision[] votes, Route expected, double probability)
    {
        var r = SuggestionRouting.Route(votes, ScreeningPolicy.Default);

        Assert.Equal(expected, r.Route);
        Assert.Equal(probability, r.InclusionProbability);
    }

    [Fact]
    public void No_votes_means_no_suggestion_not_an_exclude()
    {
        var r = SuggestionRouting.Route([], ScreeningPolicy.Default);

        Assert.Equal(Route.NoSuggestion, r.Route);
        Assert.Null(r.InclusionProbability);
    }
}
