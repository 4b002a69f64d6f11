using Screener.Core.Evaluation;

namespace Screener.Core.Tests.Evaluation;

public sealed class ScreeningEvaluatorTests
{
    private static EvaluationItem Item(string id, bool truth, PredictedLabel? prediction, string group = "g", double? score = null) =>
        new(id, group, truth, prediction, score);

    [Fact]
    public void Missing_predictions_are_coverage_not_excludes()
    {
        var items = new[]
        {
            Item("a", true, PredictedLabel.Include), Item("b", true, null), Item("c", false, PredictedLabel.Exclude), Item("d", false, null),
        };

        var e = ScreeningEvaluator.Evaluate("s", items, GroupWeighting.Records);

        Assert.Equal(new Coverage(4, 2, 2, 0, 0.5), e.Coverage);
        Assert.Equal(new ConfusionMatrix(1, 0, 0, 1), e.Views.Single().Pooled.Matrix);
        Assert.Equal(1, e.Views[0].Pooled.Sensitivity.Value);
    }

    [Fact]
    public void Unsure_is_reported_separately_and_evaluated_both_ways()
    {
        var items = new[]
        {
            Item("a", true, PredictedLabel.Unsure), Item("b", false, PredictedLabel.Unsure),
            Item("c", true, PredictedLabel.Include), Item("d", false, PredictedLabel.Exclude),
        };

        var e = ScreeningEvaluator.Evaluate("s", items, GroupWeighting.Records);

        Assert.Equal(2, e.Coverage.Unsure);
        Assert.Equal([ScreeningEvaluator.Decided, ScreeningEvaluator.UnsureAsInclude, ScreeningEvaluator.UnsureAsExclude], e.Views.Select(v => v.View));
        Assert.Equal(new ConfusionMatrix(1, 0, 0, 1), e.Views[0].Pooled.Matrix);
        Assert.Equal(new ConfusionMatrix(2, 1, 0, 1), e.Views[1].Pooled.Matrix);
        Assert.Equal(new ConfusionMatrix(1, 0, 1, 2), e.Views[2].Pooled.Matrix);
    }

    [Fact]
    public void Averages_weight_groups_by_size_or_plainly_and_skip_groups_where_a_metric_is_undefined()
    {
        // Group A (4 records): sensitivity 1/2. Group B (1 record, no includes): sensitivity undefined, specificity 1.
        var items = new[]
        {
            Item("a1", true, PredictedLabel.Include, "A"), Item("a2", true, PredictedLabel.Exclude, "A"),
            Item("a3", false, PredictedLabel.Exclude, "A"), Item("a4", false, PredictedLabel.Include, "A"),
            Item("b1", false, PredictedLabel.Exclude, "B"),
        };

        var weighted = ScreeningEvaluator.Evaluate("s", items, GroupWeighting.Records).Views[0];
        var plain = ScreeningEvaluator.Evaluate("s", items, GroupWeighting.None).Views[0];

        double? Avg(ViewEvaluation v, string metric) => v.Averages.Single(a => a.Metric == metric).Value;
        Assert.Equal(0.5, Avg(weighted, "sensitivity")!.Value, 12);
        Assert.Equal(1, weighted.Averages.Single(a => a.Metric == "sensitivity").GroupsDefined);
        Assert.Equal((4 * 0.5 + 1 * 1.0) / 5, Avg(weighted, "specificity")!.Value, 12);
        Assert.Equal((0.5 + 1.0) / 2, Avg(plain, "specificity")!.Value, 12);
        Assert.Equal((4 * 0.5 + 1 * 1.0) / 5, Avg(weighted, "accuracy")!.Value, 12); // equals pooled accuracy 3/5
        Assert.Equal(0.6, weighted.Pooled.Accuracy.Value!.Value, 12);
    }

    [Fact]
    public void Empty_input_gives_defined_coverage_and_undefined_metrics()
    {
        var e = ScreeningEvaluator.Evaluate("s", [], GroupWeighting.Records);

        Assert.Equal(new Coverage(0, 0, 0, 0, null), e.Coverage);
        Assert.Null(e.Views[0].Pooled.Kappa.Value);
        Assert.All(e.Views[0].Averages, a => Assert.Null(a.Value));
        Assert.Empty(e.Rankings);
    }

    [Fact]
    public void Scores_give_a_ranking_per_group_and_pooled_with_unscored_records_last()
    {
        var items = new[]
        {
            Item("a1", true, null, "A", 0.9), Item("a2", false, null, "A", 0.1), Item("a3", true, null, "A", null), Item("a4", false, null, "A", 0.5),
            Item("b1", true, null, "B", 0.2), Item("b2", false, null, "B", 0.8),
        };

        var rankings = ScreeningEvaluator.Evaluate("s", items, GroupWeighting.Records).Rankings;

        Assert.Equal(["A", "B", ScreeningEvaluator.Pooled], rankings.Select(r => r.Group));
        var a = rankings[0]; // order a1(+), a4, a2, a3(+): the second include is found last
        Assert.Equal(4, a.RecordsTo100);
        Assert.Equal(0.5, a.RecallAt25, 12);
        Assert.Equal(0, a.Wss100, 12);
        Assert.Equal(2, rankings[1].RecordsTo100); // b2 (0.8) before b1 (0.2)
        Assert.Equal(6, rankings[2].Records);
    }
}
