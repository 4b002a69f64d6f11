using Screener.Core.Embeddings;
using Screener.Core.Ranking;
using Screener.Core.Vocabulary;

namespace Screener.Core.Tests.Ranking;

public sealed class RankingPiecesTests
{
    [Theory]
    [InlineData(ClassifierLoss.Logistic)]
    [InlineData(ClassifierLoss.SquaredHinge)]
    public void Linear_classifier_separates_two_clusters_and_warm_starts_to_the_same_answer(ClassifierLoss loss)
    {
        SparseVector Row(int feature) => new([feature, 10], [0.9f, 0.4f]);
        var rows = new[] { Row(0), Row(0), Row(1), Row(1), Row(1), Row(0), Row(1) };
        bool Positive(int i) => rows[i].Indices[0] == 0;
        var model = new LinearClassifier(rows, 11, loss);

        model.Train([0, 2, 3], Positive, _ => 1.0, new Random(1));
        model.Train([0, 1, 2, 3, 4], Positive, _ => 1.0, new Random(1));
        var fresh = new LinearClassifier(rows, 11, loss);
        fresh.Train([0, 1, 2, 3, 4], Positive, _ => 1.0, new Random(1));

        Assert.True(model.Decision(5) > 0);
        Assert.True(model.Decision(6) < 0);
        Assert.Equal(fresh.Decision(5), model.Decision(5), 1);
    }

    [Fact]
    public void The_default_classifier_is_asreviews_svm()
    {
        var options = ActiveLearningOptions.Default;

        Assert.Equal((ClassifierLoss.SquaredHinge, 0.11, 9.8), (options.Loss, options.Cost, options.IncludeRatio));
    }

    [Fact]
    public void Terms_in_fewer_than_five_records_are_dropped_once_a_corpus_has_a_hundred_records()
    {
        // Records 0-3 add a word found in 4 records, 4-8 one found in 5, the rest share only the common words.
        RankingInput[] Corpus(int size) => Enumerable.Range(0, size)
            .Select(i => new RankingInput(i < 4 ? "Aspirin trial zebrafish" : i < 9 ? "Aspirin trial arthritis" : "Aspirin trial", null, null))
            .ToArray();
        bool SameRow(FeatureMatrix m, int a, int b) =>
            m.Rows[a].Indices.SequenceEqual(m.Rows[b].Indices) && m.Rows[a].Values.SequenceEqual(m.Rows[b].Values);

        var large = RankingFeatures.Build(Corpus(RankingFeatures.MinRecordsToDropRareTerms));
        var small = RankingFeatures.Build(Corpus(RankingFeatures.MinRecordsToDropRareTerms - 1));

        Assert.True(SameRow(large, 0, 9), "the 4-record word (and its bigram) should be gone, leaving the common words");
        Assert.False(SameRow(large, 4, 9), "the 5-record word should stay");
        Assert.False(SameRow(small, 0, 9), "a small corpus keeps every term");
    }

    [Fact]
    public void Records_without_text_are_ranked_first_and_their_labels_do_not_train_the_model()
    {
        // 0-1: includes about one topic, 2-5: excludes about another, 6: an include with no title or abstract (its
        // score would be the bias alone), 7: unscreened, no text; 8-9: unscreened, one per topic.
        RankingInput[] inputs =
        [
            new("Emicizumab prophylaxis in haemophilia", null, null), new("Emicizumab dosing in haemophilia A", null, null),
            new("Bridge corrosion in steel", null, null), new("Steel bridge fatigue", null, null),
            new("Corrosion of bridge cables", null, null), new("Bridge steel coatings", null, null),
            new("", null, null), new("", "", null),
            new("Bridge corrosion survey", null, null), new("Emicizumab in haemophilia", null, null),
        ];
        var features = RankingFeatures.Build(inputs);
        bool?[] labels = [true, true, false, false, false, false, true, null, null, null];
        int[] unlabelled = [7, 8, 9];

        var withTextless = new LinearClassifier(features.Rows, features.Dimension, ClassifierLoss.SquaredHinge);
        var ranked = ActiveLearning.Rank(withTextless, features.HasText, [0, 1, 2, 3, 4, 5, 6], labels, unlabelled, ActiveLearningOptions.Default, new Random(1));
        var withoutTextless = new LinearClassifier(features.Rows, features.Dimension, ClassifierLoss.SquaredHinge);
        ActiveLearning.Rank(withoutTextless, features.HasText, [0, 1, 2, 3, 4, 5], labels, unlabelled, ActiveLearningOptions.Default, new Random(1));

        Assert.Equal([false, true], new[] { features.HasText[6], features.HasText[9] });
        Assert.Equal([7, 9, 8], ranked.Order);
        Assert.Equal(1, ranked.WithoutText);
        Assert.Equal(withoutTextless.Weights, withTextless.Weights);

        // With no other include to learn from, the record without text is trained on rather than nothing.
        var only = new LinearClassifier(features.Rows, features.Dimension, ClassifierLoss.SquaredHinge);
        Assert.Equal(7, ActiveLearning.Rank(only, features.HasText, [2, 3, 6], labels, unlabelled, ActiveLearningOptions.Default, new Random(1)).Order[0]);
    }

    [Fact]
    public void Stopping_aid_counts_since_the_last_include_and_estimates_recall_from_probabilities()
    {
        var aid = StoppingAid.Compute([true, false, true, false, null, false], [0.5, 0.25, 0.25], totalRecords: 9);

        Assert.Equal(6, aid.Screened);
        Assert.Equal(2, aid.IncludesFound);
        Assert.Equal(3, aid.RecordsSinceLastInclude);
        Assert.Equal(1.0, aid.ExpectedRemainingIncludes!.Value, 12);
        Assert.Equal(2.0 / 3, aid.EstimatedRecall!.Value, 12);
        Assert.Null(StoppingAid.Compute([false], null, totalRecords: 5).EstimatedRecall);
        // The recall test reads the five labelled records in order; the unsure one counts as unscreened.
        Assert.Equal(RecallTest.PValue([true, false, true, false, false], 9), aid.RecallTestP, 12);
        Assert.False(aid.RecallTestPassed);
    }

    [Fact]
    public void A_human_include_counts_until_adjudicated_and_unsure_alone_teaches_nothing()
    {
        Assert.True(ReviewLabels.Label([ScreeningDecision.Exclude, ScreeningDecision.Include]));
        Assert.False(ReviewLabels.Label([ScreeningDecision.Exclude, ScreeningDecision.Exclude]));
        Assert.Null(ReviewLabels.Label([ScreeningDecision.Unsure]));
        Assert.Null(ReviewLabels.Label([ScreeningDecision.Exclude, ScreeningDecision.Unsure]));
    }

    [Fact]
    public void Simulated_llm_flips_about_the_stated_share_and_is_seeded()
    {
        var labels = Enumerable.Range(0, 10_000).Select(i => i % 2 == 0).ToArray();

        var p = SimulatedLlm.Probabilities(labels, 0.1, seed: 4);

        var flipped = labels.Where((l, i) => (p[i] > 0.5) != l).Count();
        Assert.InRange(flipped, 900, 1100);
        Assert.Equal(p, SimulatedLlm.Probabilities(labels, 0.1, seed: 4));
        Assert.All(p, x => Assert.True(Math.Abs(x - 0.85) < 1e-12 || Math.Abs(x - 0.15) < 1e-12, $"{x}"));
    }

    [Fact]
    public void Spread_gives_the_median_and_range()
    {
        Assert.Equal(new Spread(3, 1, 10), Spread.Of([10, 1, 3]));
        Assert.Equal(new Spread(2.5, 1, 10), Spread.Of([10, 1, 2, 3]));
    }

    [Fact]
    public void Platt_scaling_turns_separating_scores_into_increasing_probabilities_near_the_observed_rates()
    {
        double[] scores = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5];
        bool[] labels = [false, false, false, false, false, true, false, true, true, true];

        var platt = PlattScaling.Fit(scores, labels);

        Assert.True(platt.Probability(-2) < 0.1, $"{platt.Probability(-2)}");
        Assert.True(platt.Probability(2.5) > 0.75, $"{platt.Probability(2.5)}");
        Assert.True(platt.Probability(0.25) is > 0.2 and < 0.8);
        Assert.True(platt.Probability(1) > platt.Probability(0));
    }
}
