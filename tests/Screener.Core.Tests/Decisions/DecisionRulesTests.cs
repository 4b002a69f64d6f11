using Screener.Core.Decisions;
using Screener.Core.Ranking;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;
using static Screener.Core.Vocabulary.ScreeningDecision;

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
    public void Changing_to_agree_after_seeing_the_other_decision_does_not_settle_the_conflict()
    {
        // Alice was unsure, saw Bob's include, and changed to include: her independent decision still counts.
        HumanVote[] votes = [new(Unsure, Include), HumanVote.Blind(Include)];

        Assert.Equal(new RecordOutcome(RecordState.Conflict, null), DecisionRules.Outcome(votes, null, true));
        Assert.True(votes[0].ChangedAfterSeeingOthers);
    }

    [Fact]
    public void Changing_to_disagree_after_seeing_the_other_decision_opens_a_conflict()
    {
        Assert.Equal(new RecordOutcome(RecordState.Conflict, null),
            DecisionRules.Outcome([new HumanVote(Exclude, Include), HumanVote.Blind(Exclude)], null, true));
        Assert.Equal(new RecordOutcome(RecordState.Settled, Include),
            DecisionRules.Outcome([new HumanVote(Exclude, Include), HumanVote.Blind(Exclude)], Include, true));
    }

    [Fact]
    public void Figures_count_unique_settled_included_excluded_conflicts_and_awaiting_from_the_outcomes()
    {
        RecordOutcome[] outcomes =
        [
            DecisionRules.Outcome([Include, Include], null, true), DecisionRules.Outcome([Exclude, Exclude], null, true),
            DecisionRules.Outcome([Exclude], null, true), DecisionRules.Outcome([Include, Unsure], null, true),
            DecisionRules.Outcome([Include, Exclude], Exclude, true),
        ];

        Assert.Equal(new ScreeningFigures(UniqueRecords: 10, Settled: 3, Included: 1, Excluded: 2, InConflict: 1, AwaitingDecision: 7),
            ScreeningFigures.Count(10, outcomes));
    }

    [Theory]
    [InlineData(true, ReviewerRole.Reviewer, true)]
    [InlineData(true, ReviewerRole.Adjudicator, false)]
    [InlineData(true, ReviewerRole.Admin, false)]
    [InlineData(false, ReviewerRole.Reviewer, false)]
    public void Only_a_reviewer_under_dual_review_is_blinded(bool dual, ReviewerRole role, bool blinded)
    {
        Assert.Equal(blinded ? 7L : null, DecisionRules.BlindedViewer(dual, new ReviewActor(7, 1, role)));
    }

    [Fact]
    public void Decision_versions_are_written_and_read_as_id_colon_version_and_bad_text_names_the_field()
    {
        var versions = DecisionVersionRef.ParseList(" 13:2, 12:1 ")!;

        Assert.Equal("12:1,13:2", DecisionVersionRef.Format(versions));
        Assert.Null(DecisionVersionRef.ParseList(""));
        Assert.Equal("versions", Assert.Throws<InvalidInputException>(() => DecisionVersionRef.ParseList("12-1")).Field);
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

        Assert.Equal("not human data", DecisionRules.ValidReason(Exclude, "Not Human Data ", reasons, required: false));
        Assert.Null(DecisionRules.ValidReason(Include, "not human data", reasons, required: true));
        Assert.Equal("exclusionReason", Assert.Throws<InvalidInputException>(() => DecisionRules.ValidReason(Exclude, null, reasons, required: true)).Field);
        Assert.Throws<InvalidInputException>(() => DecisionRules.ValidReason(Exclude, "too old", reasons, required: false));
    }

    [Fact]
    public void An_exclusion_without_a_reason_is_accepted_unless_the_protocol_requires_one()
    {
        string[] reasons = ["not human data", "no PK data"];

        Assert.Null(DecisionRules.ValidReason(Exclude, null, reasons, required: false));
        Assert.Null(DecisionRules.ValidReason(Exclude, "  ", reasons, required: false));
        var refused = Assert.Throws<InvalidInputException>(() => DecisionRules.ValidReason(Exclude, " ", reasons, required: true));
        Assert.Contains("the protocol requires a reason for an exclusion: one of 'not human data'", refused.Message);
        Assert.Throws<InvalidInputException>(() => DecisionRules.ValidReason(Exclude, null, [], required: true));
        Assert.Equal("too old", DecisionRules.ValidReason(Exclude, " too old", [], required: false));
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
        var order = QueueOrder.Order([new QueueEntry(5, null), new QueueEntry(3, 0.2), new QueueEntry(4, 0.9), new QueueEntry(1, null), new QueueEntry(2, 0.9)]);

        Assert.Equal([2L, 4, 3, 1, 5], order.Select(e => e.RecordId));
    }
}
