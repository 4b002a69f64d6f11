using Screener.Core.Decisions;
using Screener.Core.Exports;
using Screener.Core.Vocabulary;
using static Screener.Core.Vocabulary.ScreeningDecision;

namespace Screener.Core.Tests.Exports;

public sealed class ExportLayoutTests
{
    [Fact]
    public void Every_row_has_one_cell_per_column()
    {
        var row = new ExportRow(7, "r7", "PubMed", "a.ris", 3, 2, "T", "A", ["Doe, J."], 2020, "J", "10.1/x", "123", ["k"], true, false,
            new StageResult("settled", "include", null, "humans", "ann: include; bob: include"), StageResult.None,
            new LlmResult("include", 0.9, null, ["ungrounded-quote:I1"], 0.75));

        Assert.Equal(ExportLayout.Header.Count, ExportLayout.Cells(row).Count);
        Assert.Equal(ExportLayout.Header.Count, ExportLayout.Header.Distinct().Count());
        Assert.Equal(["record_id", "title", "abstract", "doi", "pmid", "year", "authors", "journal", "keywords", "label_ta", "label_final"],
            ExportLayout.Header.Take(11));
        Assert.Equal(0.75, ExportLayout.Cells(row)[ExportLayout.Header.ToList().IndexOf("llm_include_probability")]);
    }

    [Fact]
    public void One_exclusion_under_dual_review_is_awaiting_and_two_agreeing_settle_with_the_reason()
    {
        var one = StageResult.From(Votes(null, null, "wrong population", Exclude), [new ReviewerDecisionText("ann", Exclude, "wrong population")], applies: true);
        var two = StageResult.From(Votes(null, null, "wrong population", Exclude, Exclude),
            [new ReviewerDecisionText("bob", Exclude, null), new ReviewerDecisionText("ann", Exclude, "wrong population")], true);

        Assert.Equal(new StageResult("awaiting", null, null, null, "ann: exclude (wrong population)"), one);
        Assert.Equal(new StageResult("settled", "exclude", "wrong population", "humans", "ann: exclude (wrong population); bob: exclude"), two);
    }

    [Fact]
    public void An_adjudication_settles_a_conflict_and_a_stage_that_does_not_apply_stays_empty()
    {
        var adjudicated = StageResult.From(Votes(Exclude, "design", "design", Include, Exclude),
            [new ReviewerDecisionText("ann", Include, null), new ReviewerDecisionText("bob", Exclude, "design")], true);

        Assert.Equal(new StageResult("settled", "exclude", "design", "adjudication", "ann: include; bob: exclude (design)"), adjudicated);
        Assert.Equal(StageResult.None, StageResult.From(null, [], applies: false));
        Assert.Equal("awaiting", StageResult.From(null, [], applies: true).State);
    }

    /// <summary>A record's votes under dual review as SettledDecisions makes them (every decision made blind).</summary>
    private static RecordVotes Votes(ScreeningDecision? adjudication, string? adjudicationReason, string? exclusionReason, params ScreeningDecision[] decisions)
    {
        var votes = decisions.Select(HumanVote.Blind).ToList();
        return new RecordVotes(1, votes, adjudication, adjudicationReason, exclusionReason, null, DecisionRules.Outcome(votes, adjudication, dualHumanReview: true));
    }
}
