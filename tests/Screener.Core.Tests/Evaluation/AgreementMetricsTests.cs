using Screener.Core.Evaluation;

namespace Screener.Core.Tests.Evaluation;

public sealed class AgreementMetricsTests
{
    // The textbook 2x2 example (Wikipedia "Cohen's kappa"): 50 items, both yes 20, A yes B no 5, A no B yes 10, both no 15.
    private static readonly ConfusionMatrix Textbook = new(TruePositives: 20, FalsePositives: 10, FalseNegatives: 5, TrueNegatives: 15);

    [Fact]
    public void Cohen_kappa_of_the_textbook_table_is_0_4()
    {
        Assert.Equal(0.4, AgreementMetrics.CohenKappa(Textbook)!.Value, 12);
    }

    [Fact]
    public void Pabak_is_twice_observed_agreement_minus_one()
    {
        Assert.Equal(0.4, AgreementMetrics.Pabak(Textbook)!.Value, 12); // po = 0.7
        Assert.Equal(1, AgreementMetrics.Pabak(new ConfusionMatrix(0, 0, 0, 9)));
    }

    [Fact]
    public void Kappa_when_everything_is_in_one_category_and_all_agree_is_defined_as_1()
    {
        Assert.Equal(1, AgreementMetrics.CohenKappa(new ConfusionMatrix(0, 0, 0, 12)));
        Assert.Equal(1, AgreementMetrics.CohenKappa(new[] { ("x", "x"), ("x", "x") }));
    }

    [Fact]
    public void Kappa_of_nothing_is_null()
    {
        Assert.Null(AgreementMetrics.CohenKappa(default(ConfusionMatrix)));
        Assert.Null(AgreementMetrics.Pabak(default));
        Assert.Null(AgreementMetrics.CohenKappa(Array.Empty<(string, string)>()));
        Assert.Null(AgreementMetrics.FleissKappa([]));
        Assert.Null(AgreementMetrics.PercentAgreement(Array.Empty<(int, int)>()));
    }

    [Fact]
    public void Kappa_of_systematic_disagreement_is_negative()
    {
        Assert.Equal(-1, AgreementMetrics.CohenKappa(new ConfusionMatrix(0, 5, 5, 0))!.Value, 12);
    }

    [Fact]
    public void Multi_category_cohen_kappa_agrees_with_the_2x2_form()
    {
        var pairs = Enumerable.Repeat(("y", "y"), 20).Concat(Enumerable.Repeat(("n", "y"), 10))
            .Concat(Enumerable.Repeat(("y", "n"), 5)).Concat(Enumerable.Repeat(("n", "n"), 15)).ToList();

        Assert.Equal(0.4, AgreementMetrics.CohenKappa(pairs)!.Value, 12);
        Assert.Equal(0.7, AgreementMetrics.PercentAgreement(pairs)!.Value, 12);
    }

    [Fact]
    public void Fleiss_kappa_of_the_textbook_example_is_0_210()
    {
        // Fleiss (1971) worked example as given on Wikipedia: 10 subjects, 14 raters, 5 categories.
        int[][] counts =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];

        var kappa = AgreementMetrics.FleissKappa(counts);

        Assert.Equal(0.20993, kappa!.Value, 5);
    }

    [Fact]
    public void Fleiss_kappa_of_unanimous_raters_in_one_category_is_1_and_unequal_raters_are_refused()
    {
        Assert.Equal(1, AgreementMetrics.FleissKappa([[3, 0], [3, 0]]));
        Assert.Throws<ArgumentException>(() => AgreementMetrics.FleissKappa([[3, 0], [2, 0]]));
    }
}
