using Screener.Core.HumanScreening;
using static Screener.Core.Vocabulary.ScreeningDecision;

namespace Screener.Core.Tests.Decisions;

public sealed class AgreementTests
{
    [Fact]
    public void Kappa_matches_a_hand_computed_two_by_two_table()
    {
        // 20 both include, 5 A-include/B-exclude, 10 A-exclude/B-include, 15 both exclude (n = 50):
        // po = 35/50 = 0.7; pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2/0.5 = 0.4.
        var pairs = Enumerable.Repeat((Include, Include), 20).Concat(Enumerable.Repeat((Include, Exclude), 5))
            .Concat(Enumerable.Repeat((Exclude, Include), 10)).Concat(Enumerable.Repeat((Exclude, Exclude), 15)).ToList();

        var figure = Agreement.CohensKappa(pairs);

        Assert.Equal(50, figure.Pairs);
        Assert.Equal(0.7, figure.ObservedAgreement!.Value, 10);
        Assert.Equal(0.4, figure.Kappa!.Value, 10);
    }

    [Fact]
    public void Kappa_is_one_when_both_raters_only_ever_use_one_category_as_the_eval_harness_defines_it()
    {
        var figure = Agreement.CohensKappa([(Include, Include), (Include, Include)]);

        Assert.Equal(1.0, figure.ObservedAgreement);
        Assert.Equal(1.0, figure.Kappa);
    }

    [Fact]
    public void No_pairs_give_no_figures()
    {
        Assert.Equal(new AgreementFigure(0, 0, null, null), Agreement.CohensKappa([]));
    }
}
