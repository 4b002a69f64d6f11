namespace Screener.Core.Ranking;

/// <summary>
/// Classifier settings. Cost is LIBLINEAR's C. Strong regularisation (0.01-0.3) found the last includes of the Cohen
/// sets sooner than 1-100, with no clear winner inside that range (sweep in eval/simulation/README.md); 0.1 is its
/// middle and what the committed table uses.
/// </summary>
public sealed record ActiveLearningOptions(double Cost = 0.1)
{
    public static ActiveLearningOptions Default { get; } = new();
}

/// <summary>One ranking of the unlabelled records: most likely relevant first, with each one's classifier score.</summary>
public sealed record RankedRecords(IReadOnlyList<int> Order, IReadOnlyList<double> Score);

/// <summary>
/// Trains on the labelled records and ranks the rest. Classes are balanced by cost: each class carries half of the
/// total weight however few includes there are (the weighted-loss analogue of ASReview's double balancing).
/// </summary>
public static class ActiveLearning
{
    public static RankedRecords Rank(
        LogisticRegression model, IReadOnlyList<int> labelled, IReadOnlyList<bool?> labels, IReadOnlyList<int> unlabelled,
        ActiveLearningOptions options, Random random)
    {
        var positives = labelled.Count(i => labels[i] == true);
        var negatives = labelled.Count - positives;
        if (positives == 0 || negatives == 0)
            throw new InvalidOperationException("ranking needs at least one labelled include and one labelled exclude");
        var positiveCost = options.Cost * labelled.Count / (2.0 * positives);
        var negativeCost = options.Cost * labelled.Count / (2.0 * negatives);
        model.Train(labelled, i => labels[i] == true, i => labels[i] == true ? positiveCost : negativeCost, random);

        var scored = new (double Score, int Index)[unlabelled.Count];
        for (var k = 0; k < unlabelled.Count; k++) scored[k] = (model.Decision(unlabelled[k]), unlabelled[k]);
        // Highest score first; equal scores in record order, so a ranking never depends on sort stability.
        Array.Sort(scored, (p, q) => p.Score != q.Score ? q.Score.CompareTo(p.Score) : p.Index.CompareTo(q.Index));
        return new RankedRecords(scored.Select(s => s.Index).ToArray(), scored.Select(s => s.Score).ToArray());
    }

    /// <summary>Calibrated inclusion probabilities for ranked records (a separate step: simulation does not need them).</summary>
    public static double[] Probabilities(LogisticRegression model, IReadOnlyList<int> labelled, IReadOnlyList<bool?> labels, RankedRecords ranked)
    {
        var platt = PlattScaling.Fit(labelled.Select(model.Decision).ToArray(), labelled.Select(i => labels[i] == true).ToArray());
        return ranked.Score.Select(platt.Probability).ToArray();
    }
}
