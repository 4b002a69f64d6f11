using Screener.Core.Ranking;
using Screener.Core.Tests.TestData;

namespace Screener.Core.Tests.Ranking;

public sealed class ScreeningSimulationTests
{
    /// <summary>200 records, 20 includes about one topic and 180 excludes spread over others, in shuffled positions.</summary>
    private static (RankingInput[] Inputs, bool[] Labels) Synthetic()
    {
        string[] topics = ["sleep quality students", "teacher soft skills", "solar panels efficiency", "bridge corrosion steel",
            "coffee consumption", "bird migration", "tax policy", "river flooding", "mobile games"];
        var random = new Random(5);
        var inputs = new RankingInput[200];
        var labels = new bool[200];
        for (var i = 0; i < 200; i++)
        {
            labels[i] = i % 10 == 3;
            var topic = labels[i] ? "emicizumab prophylaxis haemophilia pharmacokinetics" : topics[random.Next(topics.Length)];
            inputs[i] = new RankingInput($"Study {i} of {topic}", $"We report {topic} in cohort {random.Next(1000)}.", null);
        }
        return (inputs, labels);
    }

    [Fact]
    public void The_same_seed_gives_the_same_screening_order_and_every_record_is_screened_once()
    {
        var (inputs, labels) = Synthetic();
        var features = RankingFeatures.Build(inputs);

        var a = ScreeningSimulation.Run(features, labels, new SimulationOptions(Seed: 3));
        var b = ScreeningSimulation.Run(features, labels, new SimulationOptions(Seed: 3));

        Assert.Equal(a.Order, b.Order);
        Assert.Equal(Enumerable.Range(0, 200), a.Order.Order());
        Assert.Equal(2, a.PriorRecords);
        Assert.True(labels[a.Order[0]]);
        Assert.False(labels[a.Order[1]]);
    }

    [Fact]
    public void A_clear_topic_is_found_early_far_better_than_random_screening()
    {
        var (inputs, labels) = Synthetic();

        var run = ScreeningSimulation.Run(RankingFeatures.Build(inputs), labels, new SimulationOptions(Seed: 1));

        Assert.InRange(run.Metrics.RecordsTo100!.Value, 20, 22); // 20 includes, all found within the first 22 screened
        Assert.True(run.Metrics.Wss95 > 0.8, $"WSS@95 {run.Metrics.Wss95:F3}");
    }

    [Fact]
    public void Growing_batches_retrain_far_less_often_than_once_per_record()
    {
        var (inputs, labels) = Synthetic();
        var features = RankingFeatures.Build(inputs);

        var everyRecord = ScreeningSimulation.Run(features, labels, new SimulationOptions(RetrainGrowth: 0));
        var growing = ScreeningSimulation.Run(features, labels, new SimulationOptions(RetrainGrowth: 0.05));

        Assert.Equal(198, everyRecord.Retrains);
        Assert.InRange(growing.Retrains, 20, 198 / 2);
    }

    [Fact]
    public void A_reliable_llm_feature_finds_includes_that_share_no_words_with_the_prior_ones()
    {
        // Includes and excludes are textually alike; only the LLM's probability tells them apart.
        var labels = Enumerable.Range(0, 100).Select(i => i % 10 == 0).ToArray();
        var inputs = labels.Select((l, i) => new RankingInput($"record {i} about mixed topics", null, null)).ToArray();
        var p = SimulatedLlm.Probabilities(labels, 0, seed: 1);
        var withLlm = inputs.Select((x, i) => x with { LlmProbability = p[i] }).ToArray();

        var plain = ScreeningSimulation.Run(RankingFeatures.Build(inputs), labels, new SimulationOptions());
        var assisted = ScreeningSimulation.Run(RankingFeatures.Build(withLlm), labels, new SimulationOptions());

        Assert.True(RankingFeatures.Build(withLlm).HasLlmFeature);
        Assert.InRange(assisted.Metrics.RecordsTo100!.Value, 10, 11);
        Assert.True(plain.Metrics.RecordsTo100 > 50, $"without the feature: {plain.Metrics.RecordsTo100}");
    }

    [Theory]
    [InlineData(1218, 100, 1218)]
    [InlineData(725, 89, 2021)]
    public void When_the_stopping_aid_first_says_95_percent_most_includes_have_been_found(int records, int includes, int seed)
    {
        // On real data the earlier calibration (Platt on the training scores) said 95% at a true recall of about 40%;
        // calibrated on cross-validated scores it waits until nearly every include is found. Here on generated reviews
        // whose includes draw 5% of their words from a topic (excludes 0.5%): on both the training-score calibration says 95%
        // at a true recall of 81-86% (checked), the cross-validated one at 90% or more. The aid's recall is a
        // statistical property, not a guarantee (at other word shares the 725-record review gives 83-89%, as some real
        // reviews do); the real-data check is eval/scripts/stopping-aid.sh.
        var generated = SyntheticRecords.Generate(new("review", records, 0, includes, seed) { Signal = 0.05 });
        var file = Path.Combine(Directory.CreateTempSubdirectory("stopping-aid-").FullName, "records.csv");
        File.WriteAllText(file, generated.Csv());
        var data = LabelledDataset.Read(file, null, null);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        Assert.Equal(includes, data.Records.Count(r => r.Label));
        var labels = data.Records.Select(r => r.Label).ToArray();

        var run = ScreeningSimulation.Run(RankingFeatures.Build(data.Records.Select(r => r.Input).ToArray()), labels,
            new SimulationOptions(Seed: 1) { StoppingAid = true });

        Assert.NotNull(run.StoppingAid95);
        Assert.True(run.StoppingAid95.TrueRecall >= 0.9, $"true recall {run.StoppingAid95.TrueRecall:P1} after {run.StoppingAid95.Screened} records");
        Assert.InRange(run.StoppingAid95.EstimatedRecall, 0.95, 1);
        // The recall test, replayed after every record, passes later but above 95% recall.
        Assert.NotNull(run.RecallTest95);
        Assert.True(run.RecallTest95.TrueRecall >= 0.95, $"recall test: true recall {run.RecallTest95.TrueRecall:P1} after {run.RecallTest95.Screened} records");
        Assert.True(run.RecallTest95.Screened >= run.StoppingAid95.Screened);
        Assert.InRange(run.RecallTest95.PValue, 0, RecallTest.Alpha);
    }

    [Fact]
    public void The_stopping_aid_gives_no_estimate_before_five_includes_and_five_excludes()
    {
        var (inputs, labels) = Synthetic();
        var features = RankingFeatures.Build(inputs);
        var includes = Enumerable.Range(0, 200).Where(i => labels[i]).ToArray();
        var excludes = Enumerable.Range(0, 200).Where(i => !labels[i]).ToArray();
        bool?[] Known(int[] labelled) { var k = new bool?[200]; foreach (var i in labelled) k[i] = labels[i]; return k; }
        RankedRecords RankAfter(int[] labelled) => ActiveLearning.Rank(new LinearClassifier(features.Rows, features.Dimension, ClassifierLoss.SquaredHinge),
            features.HasText, labelled, Known(labelled), Enumerable.Range(0, 200).Except(labelled).ToArray(), ActiveLearningOptions.Default, new Random(1));

        int[] four = [.. includes.Take(4), .. excludes.Take(20)];
        int[] five = [.. includes.Take(5), .. excludes.Take(20)];

        Assert.Null(ActiveLearning.Probabilities(features, ActiveLearningOptions.Default, four, Known(four), RankAfter(four)));
        var p = ActiveLearning.Probabilities(features, ActiveLearningOptions.Default, five, Known(five), RankAfter(five));
        Assert.NotNull(p);
        Assert.All(p, x => Assert.InRange(x, 0, 1));
    }

    [Fact]
    public void With_an_llm_feature_the_stopping_aid_estimates_from_the_text_alone()
    {
        var (inputs, labels) = Synthetic();
        var p = SimulatedLlm.Probabilities(labels, 0.1, seed: 2);
        var text = RankingFeatures.Build(inputs);
        var withLlm = RankingFeatures.Build(inputs.Select((x, i) => x with { LlmProbability = p[i] }).ToArray());
        int[] labelled = [.. Enumerable.Range(0, 200).Where(i => labels[i]).Take(6), .. Enumerable.Range(0, 200).Where(i => !labels[i]).Take(30)];
        var known = new bool?[200];
        foreach (var i in labelled) known[i] = labels[i];
        var unlabelled = Enumerable.Range(0, 200).Except(labelled).ToArray();
        double[] Estimate(FeatureMatrix f)
        {
            var ranker = new Ranker(f, ActiveLearningOptions.Default);
            var ranked = ranker.Rank(labelled, known, unlabelled, new Random(1));
            var probabilities = ranker.Probabilities(labelled, known, ranked)!;
            return ranked.Order.Zip(probabilities).OrderBy(x => x.First).Select(x => x.Second).ToArray();
        }

        var fromText = Estimate(text);
        var fromLlmModel = Estimate(withLlm);

        Assert.True(withLlm.HasLlmFeature);
        Assert.Equal(withLlm.Dimension - 1, withLlm.TextOnly().Dimension);
        Assert.Equal(fromText.Length, fromLlmModel.Length);
        Assert.All(fromText.Zip(fromLlmModel), x => Assert.Equal(x.First, x.Second, 12));
    }

    [Fact]
    public void Prior_knowledge_needs_both_classes()
    {
        Assert.Throws<ScreenerException>(() => ScreeningSimulation.PickPrior([false, false, false], 1, new Random(1)));
    }
}
