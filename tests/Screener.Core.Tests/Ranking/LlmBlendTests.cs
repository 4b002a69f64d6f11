using Screener.Core.Ranking;
using Screener.Core.Tests.TestData;

namespace Screener.Core.Tests.Ranking;

public sealed class LlmBlendTests
{
    /// <summary>Labelled records whose label follows a noisy text score; the LLM value is what <paramref name="vote"/> says.</summary>
    private static (double[] Z, double[] V, bool[] Labels) Labelled(Func<bool, Random, double> vote, int seed)
    {
        var random = new Random(seed);
        var z = Enumerable.Range(0, 400).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        var labels = z.Select(x => random.NextDouble() < 1 / (1 + Math.Exp(-3 * x))).ToArray();
        return (z, labels.Select(l => vote(l, random)).ToArray(), labels);
    }

    [Fact]
    public void Votes_that_add_nothing_to_the_text_get_little_weight_and_votes_that_match_the_labels_get_much()
    {
        var (z, coin, labels) = Labelled((_, r) => r.Next(2) == 0 ? 1 : -1, seed: 1);
        var (_, right, _) = Labelled((l, r) => l ? 1 : -1, seed: 1);
        var (_, mostlyRight, _) = Labelled((l, r) => (r.NextDouble() < 0.8 ? l : !l) ? 1 : -1, seed: 1);

        var useless = LlmBlend.Fit(z, coin, labels);
        var perfect = LlmBlend.Fit(z, right, labels);
        var good = LlmBlend.Fit(z, mostlyRight, labels);

        Assert.InRange(useless.Weight, 0, 0.2);
        Assert.True(perfect.Weight > 3, $"perfect votes: weight {perfect.Weight:F2}");
        Assert.InRange(good.Weight, useless.Weight + 0.3, perfect.Weight);
    }

    [Fact]
    public void An_llm_that_votes_against_the_labels_is_given_no_weight_rather_than_a_negative_one()
    {
        var (z, wrong, labels) = Labelled((l, _) => l ? -1 : 1, seed: 2);

        var blend = LlmBlend.Fit(z, wrong, labels);

        Assert.True(blend.LlmCoefficient < 0, $"fitted b {blend.LlmCoefficient:F2}");
        Assert.Equal(0, blend.Weight);
    }

    [Fact]
    public void Without_labels_the_prior_stands()
    {
        var blend = LlmBlend.Fit([], [], []);

        Assert.Equal(LlmBlend.Prior.Weight, blend.Weight, 9);
        Assert.Equal(LlmBlend.PriorWeight, LlmBlend.Prior.Weight);
    }

    /// <summary>Records to 95% recall, median of three seeds, on a generated review with the given LLM probabilities.</summary>
    private static double RecordsTo95(RankingInput[] inputs, bool[] labels, Func<int, double?> llm) =>
        new[] { 1, 2, 3 }.Select(seed => (double)ScreeningSimulation.Run(
            RankingFeatures.Build(inputs.Select((x, i) => x with { LlmProbability = llm(i) }).ToArray()), labels,
            new SimulationOptions(Seed: seed)).Metrics.RecordsTo95!.Value).Order().ElementAt(1);

    [Fact]
    public void A_useless_llm_costs_little_and_a_perfect_one_saves_most_of_the_work()
    {
        // A generated review whose includes draw 5% of their words from a topic: the text model has something to learn,
        // not everything.
        var data = SyntheticRecords.Generate(new("review", 800, 0, 60, 7) { Signal = 0.05 });
        var inputs = data.Records.Select(r => new RankingInput(r.Title, r.Abstract, null)).ToArray();
        var labels = data.Records.Select(r => r.LabelFinal == true).ToArray();
        var coin = new Random(11);
        var random = labels.Select(_ => coin.Next(2) == 0 ? 1.0 : 0.0).ToArray();

        var text = RecordsTo95(inputs, labels, _ => null);
        var useless = RecordsTo95(inputs, labels, i => random[i]);
        var perfect = RecordsTo95(inputs, labels, i => labels[i] ? 1 : 0);

        Assert.True(useless <= text * 1.1 + 10, $"coin-flip votes: {useless} records to 95% recall vs {text} on the text alone");
        Assert.True(perfect <= 0.5 * text, $"perfect votes: {perfect} records to 95% recall vs {text} on the text alone");
    }
}
