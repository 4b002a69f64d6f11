namespace Screener.Core.Ranking;

/// <summary>Median and range of one metric over seeds.</summary>
public sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return new Spread(double.NaN, double.NaN, double.NaN);
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }
}

/// <summary>One dataset's simulations summarised over seeds.</summary>
public sealed record DatasetSimulation(
    string Dataset,
    string LabelColumn,
    int Records,
    int Relevant,
    int RowsWithoutLabel,
    bool LlmFeature,
    IReadOnlyList<SimulationRun> Runs,
    Spread RecordsTo95,
    Spread RecordsTo985,
    Spread RecordsTo100,
    Spread Wss95,
    Spread Wss100,
    Spread Rrf10,
    double RecordsPerSecond,
    bool StoppingAidReplayed = false)
{
    /// <summary>Over the runs where the stopping aid said 95%: records screened by then, and the true recall then.</summary>
    public Spread StoppingAidScreened => Spread.Of(Runs.Where(r => r.StoppingAid95 is not null).Select(r => (double)r.StoppingAid95!.Screened));

    public Spread StoppingAidRecall => Spread.Of(Runs.Where(r => r.StoppingAid95 is not null).Select(r => r.StoppingAid95!.TrueRecall));

    /// <summary>Runs in which the stopping aid was replayed but never said 95% before the last retrain.</summary>
    public int StoppingAidNever => StoppingAidReplayed ? Runs.Count(r => r.StoppingAid95 is null) : 0;

    /// <summary>Over the runs where the recall test passed: records screened by then, and the true recall then.</summary>
    public Spread RecallTestScreened => Spread.Of(Runs.Where(r => r.RecallTest95 is not null).Select(r => (double)r.RecallTest95!.Screened));

    public Spread RecallTestRecall => Spread.Of(Runs.Where(r => r.RecallTest95 is not null).Select(r => r.RecallTest95!.TrueRecall));

    /// <summary>Runs in which the recall test was replayed but never passed (it cannot before the last record is screened).</summary>
    public int RecallTestNever => StoppingAidReplayed ? Runs.Count(r => r.RecallTest95 is null) : 0;

    public static DatasetSimulation Summarise(LabelledDataset data, bool llmFeature, IReadOnlyList<SimulationRun> runs, double recordsPerSecond, bool stoppingAid = false)
    {
        var n = data.Records.Count;
        Spread Of(Func<SimulationRun, double> f) => Spread.Of(runs.Select(f));
        return new DatasetSimulation(data.Name, data.LabelColumn, n, data.Records.Count(r => r.Label), data.RowsWithoutLabel, llmFeature, runs,
            Of(r => r.Metrics.RecordsTo95 ?? n), Of(r => r.Metrics.RecordsTo985 ?? n), Of(r => r.Metrics.RecordsTo100 ?? n),
            Of(r => r.Metrics.Wss95), Of(r => r.Metrics.Wss100), Of(r => r.Metrics.Rrf10), recordsPerSecond, stoppingAid);
    }
}
