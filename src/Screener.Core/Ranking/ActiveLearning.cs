namespace Screener.Core.Ranking;

/// <summary>
/// Classifier settings, ASReview LAB 2's default (ELAS u4) where it has one: a linear SVM (squared hinge), C = 0.11,
/// and its "balanced" sample weights with ratio 9.8, so the includes carry 9.8 times the total weight of the excludes
/// (weights scaled to average 1 per labelled record, then times C). On the 14 Cohen sets this found the last includes
/// sooner than logistic regression with both classes carrying half the weight, the previous default (sweep in
/// eval/simulation/README.md). IncludeRatio = 1 is that even split. The text model is this SVM with or without LLM
/// votes: the votes are blended in after it (<see cref="Ranker"/>, <see cref="LlmBlend"/>), no longer a feature of a
/// logistic model (measured against it in the same README).
/// </summary>
public sealed record ActiveLearningOptions(ClassifierLoss Loss = ClassifierLoss.SquaredHinge, double Cost = 0.11, double IncludeRatio = 9.8)
{
    public static ActiveLearningOptions Default { get; } = new();

    /// <summary>The logistic-regression setting the comparison table was first produced with (C = 0.1, classes even): `simulate --classifier logistic`.</summary>
    public static ActiveLearningOptions EvenLogistic { get; } = new(ClassifierLoss.Logistic, 0.1, 1);
}

/// <summary>
/// One ranking of the unlabelled records: most likely relevant first, with each one's classifier score. The first
/// WithoutText records of Order are those with no term the model weighs, put first (see <see cref="ActiveLearning"/>).
/// </summary>
public sealed record RankedRecords(IReadOnlyList<int> Order, IReadOnlyList<double> Score, int WithoutText = 0);

/// <summary>
/// Trains on the labelled records and ranks the rest. Classes are weighted by cost, however few includes there are:
/// the includes carry IncludeRatio times the total weight of the excludes (ASReview's "balanced" sample weights).
/// Records with no term the model weighs (<see cref="FeatureMatrix.HasText"/>) are ranked first and left out of
/// training: the model knows nothing about them, so it cannot rank them fairly low (their score is the bias alone,
/// which buried one include of cohen2006_ACEInhibitors, a record without title or abstract, behind 1,700 records),
/// and a label on one teaches the text model only a shift of its bias. A human looks at them early instead; there
/// are few (0-27 per evaluation dataset). Cohen 2006, 14 sets, sum of median records to 98.5% recall, seeds 1-5:
/// 10,225 vs 10,597 ranking them by their score (eval/simulation/README.md).
/// </summary>
public static class ActiveLearning
{
    private static ActiveLearningOptions Default => ActiveLearningOptions.Default;

    public static RankedRecords Rank(
        LinearClassifier model, IReadOnlyList<bool> hasText, IReadOnlyList<int> labelled, IReadOnlyList<bool?> labels,
        IReadOnlyList<int> unlabelled, ActiveLearningOptions options, Random random)
    {
        Train(model, hasText, labelled, labels, options, random);
        var scored = new (bool NoText, double Score, int Index)[unlabelled.Count];
        for (var k = 0; k < unlabelled.Count; k++) scored[k] = (!hasText[unlabelled[k]], model.Decision(unlabelled[k]), unlabelled[k]);
        // Records without text first, then highest score first; equal scores in record order, so a ranking never
        // depends on sort stability.
        Array.Sort(scored, (p, q) =>
            p.NoText != q.NoText ? q.NoText.CompareTo(p.NoText) : p.Score != q.Score ? q.Score.CompareTo(p.Score) : p.Index.CompareTo(q.Index));
        return new RankedRecords(scored.Select(s => s.Index).ToArray(), scored.Select(s => s.Score).ToArray(), scored.Count(s => s.NoText));
    }

    /// <summary>Fits <paramref name="model"/> on the labelled records with text, classes weighted as <paramref name="options"/> says.</summary>
    public static void Train(
        LinearClassifier model, IReadOnlyList<bool> hasText, IReadOnlyList<int> labelled, IReadOnlyList<bool?> labels, ActiveLearningOptions options, Random random)
    {
        var training = TrainingSet(hasText, labelled, labels);
        var positives = training.Count(i => labels[i] == true);
        var negatives = training.Count - positives;
        var ratio = options.IncludeRatio;
        var positiveCost = options.Cost * training.Count * ratio / ((ratio + 1) * positives);
        var negativeCost = options.Cost * training.Count / ((ratio + 1) * negatives);
        model.Train(training, i => labels[i] == true, i => labels[i] == true ? positiveCost : negativeCost, random);
    }

    /// <summary>The labelled records with text; all of them when leaving the others out would leave no include or no exclude.</summary>
    private static IReadOnlyList<int> TrainingSet(IReadOnlyList<bool> hasText, IReadOnlyList<int> labelled, IReadOnlyList<bool?> labels)
    {
        if (!labelled.Any(i => labels[i] == true) || !labelled.Any(i => labels[i] == false))
            throw new InvalidOperationException("ranking needs at least one labelled include and one labelled exclude");
        var withText = labelled.Where(i => hasText[i]).ToArray();
        return withText.Any(i => labels[i] == true) && withText.Any(i => labels[i] == false) ? withText : labelled;
    }

    /// <summary>Folds of the cross-validated calibration; also the fewest labelled includes and excludes it needs.</summary>
    public const int CalibrationFolds = 5;

    /// <summary>
    /// Calibrated inclusion probabilities for ranked records, or null with fewer than <see cref="CalibrationFolds"/>
    /// labelled includes or excludes. Platt scaling is fitted on cross-validated scores: each labelled record is scored
    /// by a model trained without its fold (folds stratified by class, in labelling order). Fitted on the training
    /// scores instead, it saw the labelled records separated far better than unseen ones and made the stopping aid's
    /// estimated recall wildly optimistic: over the 34 eval-data sets (seed 1), when that estimate first reached 95%
    /// the true recall was 40-98%, median 75%; with cross-validated scores (seeds 1-5, 170 runs) 87-100%, median 97.6%.
    /// The features and scores are the text model's alone, also where the ranking blends in LLM votes
    /// (<see cref="Ranker.Probabilities"/>): a model that counts on the LLM ranks its "excludes" low and, having
    /// labelled few of them, calibrates them near zero, so the includes the LLM missed went uncounted (Cohen sets, 10%
    /// simulated flips, 70 runs: true recall 73-100%, median 92%, when it said 95%); from the text alone 96-100%,
    /// median 100%, but after 67% of the records instead of 17%: recall first (eval/simulation/README.md). A separate
    /// step: ranking does not need it.
    /// </summary>
    public static double[]? Probabilities(
        FeatureMatrix features, ActiveLearningOptions options, IReadOnlyList<int> labelled, IReadOnlyList<bool?> labels, RankedRecords ranked)
    {
        if (features.HasLlmFeature) throw new ArgumentException("the stopping aid's probabilities come from the text features alone", nameof(features));
        var includes = labelled.Where(i => labels[i] == true).ToArray();
        var excludes = labelled.Where(i => labels[i] == false).ToArray();
        if (includes.Length < CalibrationFolds || excludes.Length < CalibrationFolds) return null;
        var fold = new Dictionary<int, int>(labelled.Count);
        for (var k = 0; k < includes.Length; k++) fold[includes[k]] = k % CalibrationFolds;
        for (var k = 0; k < excludes.Length; k++) fold[excludes[k]] = k % CalibrationFolds;

        var heldOutScore = new Dictionary<int, double>(labelled.Count);
        for (var f = 0; f < CalibrationFolds; f++)
        {
            var model = new LinearClassifier(features.Rows, features.Dimension, options.Loss);
            Train(model, features.HasText, labelled.Where(i => fold[i] != f).ToArray(), labels, options, new Random(f));
            foreach (var i in labelled.Where(i => fold[i] == f)) heldOutScore[i] = model.Decision(i);
        }
        var platt = PlattScaling.Fit(labelled.Select(i => heldOutScore[i]).ToArray(), labelled.Select(i => labels[i] == true).ToArray());
        return ranked.Score.Select(platt.Probability).ToArray();
    }
}
