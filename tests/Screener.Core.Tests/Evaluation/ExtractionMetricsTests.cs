using Screener.Core.Evaluation;

namespace Screener.Core.Tests.Evaluation;

public sealed class ExtractionMetricsTests
{
    [Theory]
    [InlineData("Double-blind RCT", "double blind  rct", FieldMatchMode.Exact, false)]
    [InlineData("Double-blind RCT", "double blind  rct", FieldMatchMode.Normalised, true)]
    [InlineData("ﬁbrosis", "fibrosis", FieldMatchMode.Normalised, true)] // ligature folded by NFKC
    [InlineData("12", "12.0", FieldMatchMode.Exact, false)]
    [InlineData("12", "12.0", FieldMatchMode.Numeric, true)]
    [InlineData("1,200", "1200", FieldMatchMode.Numeric, true)]
    [InlineData("12", "13", FieldMatchMode.Numeric, false)]
    [InlineData("adults", "Adults", FieldMatchMode.Numeric, true)] // not numbers: compared as normalised text
    public void Values_match_by_mode(string gold, string predicted, FieldMatchMode mode, bool expected)
    {
        Assert.Equal(expected, ExtractionMetrics.Matches(gold, predicted, mode));
    }

    [Fact]
    public void Numeric_tolerance_is_absolute_and_inclusive()
    {
        Assert.True(ExtractionMetrics.Matches("10.0", "10.5", FieldMatchMode.Numeric, 0.5));
        Assert.False(ExtractionMetrics.Matches("10.0", "10.6", FieldMatchMode.Numeric, 0.5));
    }

    [Fact]
    public void Not_reported_matches_only_not_reported()
    {
        Assert.True(ExtractionMetrics.Matches(null, null, FieldMatchMode.Exact));
        Assert.False(ExtractionMetrics.Matches(null, "x", FieldMatchMode.Normalised));
        Assert.False(ExtractionMetrics.Matches("x", null, FieldMatchMode.Normalised));
    }

    [Fact]
    public void Field_accuracy_counts_missing_predictions_as_wrong_and_reports_them()
    {
        FieldComparison[] rows =
        [
            new("r1", "n", "120", "120"), new("r2", "n", "80", "80.0"), new("r3", "n", "50", null), new("r4", "n", "10", "11"),
            new("r1", "design", "RCT", "rct"),
        ];

        var result = ExtractionMetrics.FieldAccuracy(rows, numericTolerance: 0);

        var n = result.Single(f => f.Field == "n");
        Assert.Equal(4, n.Records);
        Assert.Equal(1, n.Missing);
        Assert.Equal(0.25, n.Exact.Value);
        Assert.Equal(0.25, n.Normalised.Value); // "80" vs "80.0" differ as text
        Assert.Equal(0.5, n.Numeric.Value);
        var design = result.Single(f => f.Field == "design");
        Assert.Equal(0, design.Exact.Value);
        Assert.Equal(1, design.Normalised.Value);
    }

    [Fact]
    public void Span_and_token_scores_for_a_hand_worked_case()
    {
        LabelledSpan[] gold = [new("d", "PAR", 0, 4), new("d", "INT", 10, 12)];
        // One exact span, one span shifted by one token (3 of its 3 tokens overlap 2 gold ones... see below), one spurious.
        LabelledSpan[] predicted = [new("d", "PAR", 0, 4), new("d", "INT", 11, 13), new("d", "OUT", 20, 21)];

        var spans = ExtractionMetrics.SpanScores(gold, predicted);
        var tokens = ExtractionMetrics.TokenScores(gold, predicted);

        Assert.Equal(new OverlapScores(2, 3, 1, 1.0 / 3, 0.5, 2.0 / 5), spans);
        // Gold tokens: PAR 0-3 (4), INT 10-11 (2) = 6. Predicted: PAR 0-3 (4), INT 11-12 (2), OUT 20 (1) = 7. Matched: 4 + 1 = 5.
        Assert.Equal(new OverlapScores(6, 7, 5, 5.0 / 7, 5.0 / 6, 10.0 / 13), tokens);
    }

    [Fact]
    public void Overlap_scores_are_defined_for_empty_sides()
    {
        Assert.Equal(new OverlapScores(0, 0, 0, null, null, null), ExtractionMetrics.Scores(0, 0, 0));
        Assert.Equal(new OverlapScores(3, 0, 0, null, 0, 0), ExtractionMetrics.Scores(3, 0, 0));
        Assert.Equal(new OverlapScores(0, 2, 0, 0, null, 0), ExtractionMetrics.Scores(0, 2, 0));
    }
}
