using System.Xml.Linq;
using Screener.Core.Decisions;
using Screener.Core.Evaluation;
using Screener.Core.Vocabulary;

namespace Screener.Core.Tests.Evaluation;

public sealed class RunEvaluatorTests
{
    private const PredictedLabel In = PredictedLabel.Include;
    private const PredictedLabel Ex = PredictedLabel.Exclude;

    [Fact]
    public void Majority_over_slots_is_evaluated_with_each_slot_agreement_and_flags()
    {
        var truth = new Dictionary<string, bool> { ["r1"] = true, ["r2"] = false, ["r3"] = true, ["r4"] = false };
        SlotVote[] votes =
        [
            new("r1", "a", In, 0.95, []), new("r1", "b", In, 0.6, ["ungrounded-quote:I1"]),
            new("r2", "a", In, 0.97, []), new("r2", "b", Ex, 0.8, []),
            new("r3", "a", Ex, 0.5, []), new("r3", "b", Ex, 0.92, []),
        ];

        var report = RunEvaluator.Evaluate(7, truth, votes, 0.9, new BootstrapSettings(50, 1));

        var majority = report.Sets[0];
        Assert.Equal("run 7 majority", majority.Name);
        Assert.Equal(new Coverage(4, 3, 1, 1, 0.75), majority.Coverage); // r2 tied -> unsure, r4 has no vote
        Assert.Equal(new ConfusionMatrix(1, 0, 1, 0), majority.Views[0].Pooled.Matrix);
        Assert.Equal(["slot a", "slot b"], report.Sets.Skip(1).Select(s => s.Name));
        Assert.Equal(3, report.Agreement!.Records);
        Assert.Equal(2.0 / 3, report.Agreement.AllAgree!.Value, 12); // r1 and r3 agree, r2 does not
        Assert.Equal(1, report.Hallucinations.Ungrounded);
        Assert.Equal(6, report.Hallucinations.SuggestionsChecked);
        // r2 include at 0.97 (human exclude) and r3 exclude at 0.92 (human include); r1 at 0.95 agrees.
        var contradictions = report.Flags.Where(f => f.Kind == FlagKinds.ConfidentContradiction).Select(f => (f.RecordId, f.Source)).ToList();
        Assert.Equal([("r2", "slot a"), ("r3", "slot b")], contradictions);
        Assert.Contains(report.Flags, f => f is { Kind: FlagKinds.Ungrounded, RecordId: "r1", Detail: "ungrounded-quote:I1" });
    }

    [Fact]
    public void Repeats_of_one_slot_become_separate_raters_for_agreement()
    {
        var truth = new Dictionary<string, bool> { ["r1"] = true, ["r2"] = false };
        SlotVote[] votes = [new("r1", "a", In, null, []), new("r1", "a", In, null, []), new("r2", "a", Ex, null, []), new("r2", "a", In, null, [])];

        var report = RunEvaluator.Evaluate(1, truth, votes, 0.9, new BootstrapSettings(10, 1));

        Assert.Equal(["a", "a#2"], report.Agreement!.Runs.Select(r => r.Replace("slot ", "", StringComparison.Ordinal)));
        Assert.Equal(0.5, report.Agreement.AllAgree!.Value, 12);
        Assert.Equal(new ConfusionMatrix(1, 0, 0, 0), report.Sets[0].Views[0].Pooled.Matrix); // r2 tied -> unsure
    }

    [Fact]
    public void Inclusion_score_is_the_include_share_with_unsure_as_half()
    {
        Assert.Equal(0.5, RunEvaluator.InclusionScore([new("r", "a", In, null, []), new("r", "b", PredictedLabel.Unsure, null, []), new("r", "c", Ex, null, []), new("r", "d", PredictedLabel.Unsure, null, [])]), 12);
    }

    [Fact]
    public void Human_truth_is_the_settled_decision_so_one_reviewers_exclude_under_dual_review_is_left_out()
    {
        RecordOutcome Dual(ScreeningDecision? adjudication, params ScreeningDecision[] humans) => DecisionRules.Outcome(humans, adjudication, dualHumanReview: true);
        var outcomes = new Dictionary<long, RecordOutcome>
        {
            [1] = Dual(null, ScreeningDecision.Include, ScreeningDecision.Include),
            [2] = Dual(null, ScreeningDecision.Include, ScreeningDecision.Exclude),
            [3] = Dual(ScreeningDecision.Exclude, ScreeningDecision.Include, ScreeningDecision.Exclude),
            [4] = Dual(null, ScreeningDecision.Unsure),
            [5] = Dual(null, ScreeningDecision.Exclude),
        };

        var truth = HumanTruth.Resolve(outcomes, out var conflicts, out var awaiting);

        Assert.Equal(new Dictionary<long, bool> { [1] = true, [3] = false }, truth);
        Assert.Equal(1, conflicts);
        Assert.Equal(2, awaiting);
    }

    [Fact]
    public void Svg_plots_are_well_formed_xml_with_the_counts_and_escaped_titles()
    {
        var matrix = SvgPlots.ConfusionMatrix(new ConfusionMatrix(12, 3, 4, 81), "run <1> & co");
        var ranking = ScreeningEvaluator.Ranking("A & B", [new EvaluationItem("x", "g", true, null, 1), new EvaluationItem("y", "g", false, null, 0)]);
        var curve = SvgPlots.RecallCurves([ranking, ranking with { Group = "zero", Records = 0 }], "curve");

        var m = XDocument.Parse(matrix);
        var c = XDocument.Parse(curve);

        XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal("run <1> & co", m.Root!.Element(svg + "title")!.Value);
        Assert.Equal(["12", "4", "3", "81"], m.Descendants(svg + "text").Select(t => t.Value).Where(v => int.TryParse(v, out _)));
        Assert.Equal(2, c.Descendants(svg + "polyline").Count());
        Assert.Contains(c.Descendants(svg + "text"), t => t.Value.StartsWith("A & B", StringComparison.Ordinal));
    }
}
