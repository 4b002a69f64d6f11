using Screener.Core.Evaluation;

namespace Screener.Core.Ranking;

/// <summary>
/// How one simulated screening runs. PriorIncludes: K random includes and K random excludes are known at the start
/// (ASReview's convention). RetrainGrowth: after L labels the next batch is max(1, floor(L * growth)) records, so the
/// model is retrained after every record for the first 1/growth labels and then about every growth-th share
/// (0 = retrain after every record, as ASReview does).
/// </summary>
public sealed record SimulationOptions(int Seed = 1, int PriorIncludes = 1, double RetrainGrowth = 0.05)
{
    public ActiveLearningOptions Model { get; init; } = ActiveLearningOptions.Default;

    /// <summary>
    /// Also replay the stopping aid: after each retrain, until it first says 95%, compute its estimated recall; and
    /// after each record, until it first passes, the recall test (<see cref="RecallTest"/>), as the web app shows it live.
    /// </summary>
    public bool StoppingAid { get; init; }
}

/// <summary>
/// When the stopping aid's estimated recall first reached 95% (after a retrain): records screened by then and the
/// true recall at that point. Null in <see cref="SimulationRun"/> when the aid was not replayed or never said 95%.
/// </summary>
public sealed record StoppingPoint(int Screened, double TrueRecall, double EstimatedRecall);

/// <summary>When the recall test first rejected "recall below 95%" (p below 0.05): records screened and the true recall then.</summary>
public sealed record RecallTestPoint(int Screened, double TrueRecall, double PValue);

/// <summary>
/// A replayed screening: the order records were screened in (prior records first; they count as screened, as in
/// ASReview and MetaScreener), how many retrains it took, and the ranking metrics of that order.
/// </summary>
public sealed record SimulationRun(int Seed, IReadOnlyList<int> Order, int PriorRecords, int Retrains, RankingResult Metrics, StoppingPoint? StoppingAid95 = null,
    RecallTestPoint? RecallTest95 = null);

public static class ScreeningSimulation
{
    public static SimulationRun Run(FeatureMatrix features, IReadOnlyList<bool> labels, SimulationOptions options)
    {
        var random = new Random(options.Seed);
        var prior = PickPrior(labels, options.PriorIncludes, random);
        var known = new bool?[labels.Count];
        var order = new List<int>(labels.Count);
        var unlabelled = new SortedSet<int>(Enumerable.Range(0, labels.Count));
        var includes = labels.Count(l => l);
        RecallTestPoint? testStop = null;
        var labelsInOrder = new List<bool>(labels.Count);
        foreach (var i in prior) Reveal(i);

        var ranker = new Ranker(features, options.Model);
        var retrains = 0;
        StoppingPoint? stop = null;
        while (unlabelled.Count > 0)
        {
            var ranked = ranker.Rank(order, known, unlabelled.ToArray(), random);
            retrains++;
            if (options.StoppingAid && stop is null
                && ranker.Probabilities(order, known, ranked) is { } probabilities)
            {
                var found = order.Count(i => labels[i]);
                var estimate = StoppingAid.EstimateRecall(found, probabilities.Sum());
                if (estimate >= 0.95) stop = new StoppingPoint(order.Count, (double)found / includes, estimate);
            }
            var batch = Math.Max(1, (int)Math.Floor(order.Count * options.RetrainGrowth));
            foreach (var i in ranked.Order.Take(batch)) Reveal(i);
        }
        return new SimulationRun(options.Seed, order, prior.Count, retrains, RankingMetrics.Compute(order.Select(i => labels[i]).ToList()), stop, testStop);

        void Reveal(int i)
        {
            known[i] = labels[i];
            order.Add(i);
            unlabelled.Remove(i);
            labelsInOrder.Add(labels[i]);
            if (options.StoppingAid && testStop is null && RecallTest.PValue(labelsInOrder, labels.Count) is var p && p < RecallTest.Alpha)
                testStop = new RecallTestPoint(order.Count, (double)labelsInOrder.Count(l => l) / includes, p);
        }
    }

    /// <summary>K includes then K excludes, drawn without replacement by the seeded generator.</summary>
    public static IReadOnlyList<int> PickPrior(IReadOnlyList<bool> labels, int perClass, Random random)
    {
        if (perClass < 1) throw new ArgumentOutOfRangeException(nameof(perClass), "at least one prior include and exclude are needed");
        var includes = Enumerable.Range(0, labels.Count).Where(i => labels[i]).ToArray();
        var excludes = Enumerable.Range(0, labels.Count).Where(i => !labels[i]).ToArray();
        if (includes.Length == 0 || excludes.Length == 0)
            throw new ScreenerException($"simulation needs at least one include and one exclude in the labels (found {includes.Length} and {excludes.Length})");
        random.Shuffle(includes);
        random.Shuffle(excludes);
        return includes.Take(perClass).Concat(excludes.Take(perClass)).ToArray();
    }
}
