using Screener.Core;
using Screener.Core.Decisions;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using static Screener.Core.Screening.ScreeningDecision;

namespace Screener.Core.Tests.Decisions;

public sealed class DecisionRulesTests
{
    [Theory]
    [InlineData(new[] { Include }, true, RecordState.Awaiting, null)]
    [InlineData(new[] { Include, Include }, true, RecordState.Settled, Include)]
    [InlineData(new[] { Exclude, Exclude }, true, RecordState.Settled, Exclude)]
    [InlineData(new[] { Include, Exclude }, true, RecordState.Conflict, null)]
    [InlineData(new[] { Unsure, Unsure }, true, RecordState.Conflict, null)]
    [InlineData(new[] { Include }, false, RecordState.Settled, Include)]
    [InlineData(new[] { Unsure }, false, RecordState.Conflict, null)]
    public void Outcome_follows_the_number_of_required_humans_and_their_agreement(
        ScreeningDecision[] humans, bool dual, RecordState state, ScreeningDecision? decision)
    {
        Assert.Equal(new RecordOutcome(state, decision), DecisionRules.Outcome(humans, null, dual));
    }

    [Fact]
    public void An_adjudication_settles_whatever_the_humans_said()
    {
        Assert.Equal(new RecordOutcome(RecordState.Settled, Exclude), DecisionRules.Outcome([Include, Unsure], Exclude, true));
    }

    [Theory]
    [InlineData(true, false, ReviewerRole.Reviewer, false)]
    [InlineData(true, true, ReviewerRole.Reviewer, true)]
    [InlineData(true, false, ReviewerRole.Adjudicator, true)]
    [InlineData(false, false, ReviewerRole.Reviewer, true)]
    public void Others_decisions_are_visible_only_after_deciding_under_dual_review(bool dual, bool decided, ReviewerRole role, bool visible)
    {
        Assert.Equal(visible, DecisionRules.MaySeeOtherDecisions(dual, decided, role));
    }

    [Fact]
    public void An_exclusion_needs_one_of_the_protocols_reasons_matched_without_case()
    {
        string[] reasons = ["not human data", "no PK data"];

        Assert.Equal("not human data", DecisionRules.ValidReason(Exclude, "Not Human Data ", reasons));
        Assert.Null(DecisionRules.ValidReason(Include, "not human data", reasons));
        Assert.Equal("exclusionReason", Assert.Throws<InvalidInputException>(() => DecisionRules.ValidReason(Exclude, null, reasons)).Field);
        Assert.Throws<InvalidInputException>(() => DecisionRules.ValidReason(Exclude, "too old", reasons));
    }

    [Fact]
    public void Inclusion_probability_counts_unsure_as_half()
    {
        Assert.Equal(0.5, Screener.Core.Screening.InclusionProbability.FromVotes([Include, Exclude, Unsure, Unsure]));
        Assert.Null(Screener.Core.Screening.InclusionProbability.FromVotes([]));
    }

    [Fact]
    public void The_queue_puts_likely_inclusions_first_then_records_without_suggestions_by_id()
    {
        var order = ScreeningQueue.Order([new QueueEntry(5, null), new QueueEntry(3, 0.2), new QueueEntry(4, 0.9), new QueueEntry(1, null), new QueueEntry(2, 0.9)]);

        Assert.Equal([2L, 4, 3, 1, 5], order.Select(e => e.RecordId));
    }
}
