using Screener.Core.Evaluation;

namespace Screener.Core.Tests.Evaluation;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Hand_computed_table_gives_every_metric()
    {
        // TP 20, FP 10, FN 5, TN 15 (n = 50).
        var m = BinaryMetricsCalculator.Compute(new ConfusionMatrix(20, 10, 5, 15), new BootstrapSettings(200, 1));

        Assert.Equal(20.0 / 25, m.Sensitivity.Value!.Value, 12);
        Assert.Equal(15.0 / 25, m.Specificity.Value!.Value, 12);
        Assert.Equal(20.0 / 30, m.Precision.Value!.Value, 12);
        Assert.Equal(15.0 / 20, m.Npv.Value!.Value, 12);
        Assert.Equal(35.0 / 50, m.Accuracy.Value!.Value, 12);
        Assert.Equal(40.0 / 55, m.F1.Value!.Value, 12);
        Assert.Equal(0.4, m.Kappa.Value!.Value, 12);
        Assert.Equal(0.4, m.Pabak.Value!.Value, 12);
        Assert.Equal(2 * m.Accuracy.Low!.Value - 1, m.Pabak.Low!.Value, 12);
        Assert.All(BinaryMetrics.Names, n => Assert.NotNull(n.Read(m).Low));
    }

    [Fact]
    public void No_human_includes_leaves_sensitivity_undefined_but_specificity_defined()
    {
        var m = BinaryMetricsCalculator.Compute(new ConfusionMatrix(0, 2, 0, 8));

        Assert.Null(m.Sensitivity.Value);
        Assert.Equal(0.8, m.Specificity.Value!.Value, 12);
        Assert.Equal(0, m.Precision.Value); // 2 predicted includes, none right
        Assert.Equal(0, m.F1.Value); // 2TP + FP + FN = 2
    }

    [Fact]
    public void All_agree_on_exclude_gives_kappa_1_and_undefined_positive_metrics()
    {
        var m = BinaryMetricsCalculator.Compute(new ConfusionMatrix(0, 0, 0, 10));

        Assert.Equal(1, m.Kappa.Value);
        Assert.Equal(1, m.Accuracy.Value);
        Assert.Null(m.Sensitivity.Value);
        Assert.Null(m.Precision.Value);
        Assert.Null(m.F1.Value);
    }

    [Fact]
    public void Empty_input_gives_undefined_everywhere_and_never_nan()
    {
        var m = BinaryMetricsCalculator.Compute(default);

        Assert.All(BinaryMetrics.Names, n =>
        {
            var e = n.Read(m);
            Assert.Null(e.Value);
            Assert.Equal("n/a", e.Format());
        });
    }

    [Fact]
    public void Confusion_matrix_counts_pairs_and_adds()
    {
        var m = ConfusionMatrix.From([(true, true), (true, false), (false, true), (false, false), (false, false)]);

        Assert.Equal(new ConfusionMatrix(1, 1, 1, 2), m);
        Assert.Equal(new ConfusionMatrix(2, 2, 2, 4), m + m);
        Assert.Equal(5, m.Total);
    }
}
