using Screener.Core.Evaluation;

namespace Screener.Core.Tests.Evaluation;

public sealed class RunAgreementTests
{
    private static IReadOnlyDictionary<string, PredictedLabel> Labels(params (string Id, PredictedLabel Label)[] labels) =>
        labels.ToDictionary(l => l.Id, l => l.Label);

    private const PredictedLabel In = PredictedLabel.Include;
    private const PredictedLabel Ex = PredictedLabel.Exclude;

    [Fact]
    public void Two_runs_give_percent_agreement_cohen_kappa_and_fleiss_over_common_records()
    {
        var first = Labels(("a", In), ("b", In), ("c", Ex), ("d", Ex), ("only-first", In));
        var second = Labels(("a", In), ("b", Ex), ("c", Ex), ("d", Ex));

        var r = RunAgreementCalculator.Compute([("r1", first), ("r2", second)]);

        Assert.Equal(4, r.Records);
        Assert.Equal(0.75, r.AllAgree!.Value, 12);
        var pair = r.Pairs.Single();
        Assert.Equal(0.75, pair.Percent!.Value, 12);
        // po 0.75; pe = (2*1 + 2*3) / 16 = 0.5; kappa 0.5.
        Assert.Equal(0.5, pair.Kappa!.Value, 12);
        // Fleiss with two raters is Scott's pi: pe = (3/8)^2 + (5/8)^2 = 34/64; (0.75 - 34/64) / (1 - 34/64) = 7/15.
        Assert.Equal(7.0 / 15, r.FleissKappa!.Value, 12);
    }

    [Fact]
    public void Identical_runs_agree_perfectly()
    {
        var labels = Labels(("a", In), ("b", Ex));

        var r = RunAgreementCalculator.Compute([("r1", labels), ("r2", labels), ("r3", labels)]);

        Assert.Equal(1, r.AllAgree);
        Assert.Equal(1, r.FleissKappa!.Value, 12);
        Assert.Equal(3, r.Pairs.Count);
    }

    [Fact]
    public void Runs_with_no_common_record_give_undefined_agreement()
    {
        var r = RunAgreementCalculator.Compute([("r1", Labels(("a", In))), ("r2", Labels(("b", In)))]);

        Assert.Equal(0, r.Records);
        Assert.Null(r.AllAgree);
        Assert.Null(r.FleissKappa);
        Assert.Null(r.Pairs[0].Kappa);
    }

    [Fact]
    public void Majority_takes_the_most_votes_and_a_tie_is_unsure()
    {
        Assert.Equal(In, RunAgreementCalculator.Majority([In, In, Ex]));
        Assert.Equal(PredictedLabel.Unsure, RunAgreementCalculator.Majority([In, Ex]));
        Assert.Equal(Ex, RunAgreementCalculator.Majority([Ex]));
    }
}
