namespace Screener.Core.Ranking;

/// <summary>
/// The ranking of a review's unlabelled records, one code path for `rank`, the review queue and `simulate`: the text
/// model (<see cref="ActiveLearning"/>, the SVM on TF-IDF) trained on the labels so far and, where an LLM has voted,
/// its votes blended in with a weight learnt from the same labels (<see cref="LlmBlend"/>). Kept across retrains in a
/// simulation, so every model here is warm-started from its last solution.
/// </summary>
public sealed class Ranker
{
    private readonly FeatureMatrix _text;
    private readonly double[]? _llm;
    private readonly ActiveLearningOptions _options;
    private readonly LinearClassifier _model;
    private readonly LinearClassifier[] _folds;

    public Ranker(FeatureMatrix features, ActiveLearningOptions options)
    {
        _text = features.TextOnly();
        // RankingFeatures.Build puts the LLM value, mapped to [-1, 1], last in every row.
        _llm = features.HasLlmFeature ? features.Rows.Select(r => (double)r.Values[^1]).ToArray() : null;
        _options = options;
        _model = new LinearClassifier(_text.Rows, _text.Dimension, options.Loss);
        _folds = new LinearClassifier[ActiveLearning.CalibrationFolds];
    }

    /// <summary>The blend of the last ranking (null: no LLM votes); how far it trusted the LLM.</summary>
    public LlmBlend? Blend { get; private set; }

    public RankedRecords Rank(IReadOnlyList<int> labelled, IReadOnlyList<bool?> labels, IReadOnlyList<int> unlabelled, Random random)
    {
        var ranked = ActiveLearning.Rank(_model, _text.HasText, labelled, labels, unlabelled, _options, random);
        if (_llm is not { } llm) return ranked;

        // Text scores in units of their spread over all records, so the blend's weight means the same in every review.
        var scale = Spread(Enumerable.Range(0, _text.Rows.Count).Select(_model.Decision).ToArray());
        var heldOut = HeldOutScores(labelled, labels);
        Blend = heldOut is null
            ? LlmBlend.Prior
            : LlmBlend.Fit(heldOut.Select(p => p.Score / scale).ToArray(), heldOut.Select(p => llm[p.Index]).ToArray(), heldOut.Select(p => labels[p.Index] == true).ToArray());
        var blend = Blend;
        var scored = ranked.Order.Select((i, k) => (NoText: k < ranked.WithoutText, Score: blend.Score(ranked.Score[k] / scale, llm[i]), Index: i)).ToArray();
        // As ActiveLearning.Rank: records without text first, then highest score, ties in record order.
        Array.Sort(scored, (p, q) =>
            p.NoText != q.NoText ? q.NoText.CompareTo(p.NoText) : p.Score != q.Score ? q.Score.CompareTo(p.Score) : p.Index.CompareTo(q.Index));
        return new RankedRecords(scored.Select(s => s.Index).ToArray(), scored.Select(s => s.Score).ToArray(), ranked.WithoutText);
    }

    /// <summary>
    /// Calibrated inclusion probabilities of the ranked records for the stopping aid, from the text model alone (see
    /// <see cref="ActiveLearning.Probabilities"/>: counting on the LLM there hid the includes it missed).
    /// </summary>
    public double[]? Probabilities(IReadOnlyList<int> labelled, IReadOnlyList<bool?> labels, RankedRecords ranked) =>
        ActiveLearning.Probabilities(_text, _options, labelled, labels, _llm is null ? ranked : ranked with { Score = ranked.Order.Select(_model.Decision).ToArray() });

    /// <summary>
    /// Each labelled record's score from a model trained without its fold (folds as the stopping aid's calibration:
    /// stratified by class in labelling order), or null with fewer than <see cref="ActiveLearning.CalibrationFolds"/>
    /// labelled includes or excludes. The fold models are kept and warm-started: a record keeps its fold as labels are added.
    /// </summary>
    private (int Index, double Score)[]? HeldOutScores(IReadOnlyList<int> labelled, IReadOnlyList<bool?> labels)
    {
        var folds = ActiveLearning.CalibrationFolds;
        var includes = labelled.Where(i => labels[i] == true).ToArray();
        var excludes = labelled.Where(i => labels[i] == false).ToArray();
        if (includes.Length < folds || excludes.Length < folds) return null;
        var fold = new Dictionary<int, int>(labelled.Count);
        for (var k = 0; k < includes.Length; k++) fold[includes[k]] = k % folds;
        for (var k = 0; k < excludes.Length; k++) fold[excludes[k]] = k % folds;
        var scores = new List<(int, double)>(labelled.Count);
        for (var f = 0; f < folds; f++)
        {
            var model = _folds[f] ??= new LinearClassifier(_text.Rows, _text.Dimension, _options.Loss);
            ActiveLearning.Train(model, _text.HasText, labelled.Where(i => fold[i] != f).ToArray(), labels, _options, new Random(f));
            scores.AddRange(labelled.Where(i => fold[i] == f).Select(i => (i, model.Decision(i))));
        }
        return scores.ToArray();
    }

    /// <summary>
    /// Below this spread of the SVM's scores (in margins) the text is taken as saying little yet: dividing by a tinier
    /// spread would blow up the score of the one record whose words differ from otherwise alike records (a generated
    /// review of near-identical records put an include behind four LLM "excludes" that way) and let it outvote the LLM.
    /// </summary>
    private const double MinScoreSpread = 0.1;

    /// <summary>The standard deviation of the scores, at least <see cref="MinScoreSpread"/>.</summary>
    private static double Spread(double[] scores)
    {
        var mean = scores.Average();
        return Math.Max(MinScoreSpread, Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / scores.Length));
    }
}
