using System.Diagnostics;

namespace Screener.Core.Ranking;

public sealed record SimulateScreeningRequest(
    IReadOnlyList<string> DataFiles,
    string? LabelColumn,
    int Seed,
    int Runs,
    int PriorIncludes,
    double RetrainGrowth,
    IReadOnlyList<string>? LlmColumns,
    double? LlmNoise,
    string? OutputDirectory,
    ClassifierLoss? Classifier = null,
    bool StoppingAid = false);

public sealed record SimulateScreeningResult(IReadOnlyList<DatasetSimulation> Datasets, string? OutputDirectory);

/// <summary>
/// Replays the human labels of fully labelled CSVs through active learning, once per seed, and writes the outputs
/// when an output folder is given. Reads files only: no database is involved.
/// </summary>
public static class SimulateScreening
{
    public static async Task<SimulateScreeningResult> RunAsync(SimulateScreeningRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var results = new List<DatasetSimulation>();
        var ids = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var file in request.DataFiles)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var data = LabelledDataset.Read(file, request.LabelColumn, request.LlmColumns);
            var labels = data.Records.Select(r => r.Label).ToArray();
            var runs = new List<SimulationRun>();
            var clock = Stopwatch.StartNew();
            for (var seed = request.Seed; seed < request.Seed + request.Runs; seed++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var inputs = request.LlmNoise is { } noise
                    ? WithProbabilities(data, SimulatedLlm.Probabilities(labels, noise, seed))
                    : data.Records.Select(r => r.Input).ToArray();
                // Features are built per run (part of the timed work), as a real session would build them once.
                var features = RankingFeatures.Build(inputs);
                runs.Add(ScreeningSimulation.Run(features, labels, new SimulationOptions(seed, request.PriorIncludes, request.RetrainGrowth) { Model = Model(request), StoppingAid = request.StoppingAid }));
            }
            var perSecond = labels.Length * request.Runs / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            var llm = request.LlmNoise is not null || HasLlmColumns(request);
            results.Add(DatasetSimulation.Summarise(data, llm, runs, perSecond, request.StoppingAid));
            ids[data.Name] = data.Records.Select(r => r.Id).ToArray();
        }
        if (request.OutputDirectory is { } dir)
            await SimulationReport.WriteAsync(dir, results, ids, Describe(request), cancellationToken);
        return new SimulateScreeningResult(results, request.OutputDirectory);
    }

    /// <summary>No classifier named: the production ranking's SVM. Logistic means its earlier setting (C = 0.1, classes even).</summary>
    private static ActiveLearningOptions Model(SimulateScreeningRequest r) =>
        r.Classifier == ClassifierLoss.Logistic ? ActiveLearningOptions.EvenLogistic : ActiveLearningOptions.Default;

    private static RankingInput[] WithProbabilities(LabelledDataset data, double[] p) =>
        data.Records.Select((r, i) => r.Input with { LlmProbability = p[i] }).ToArray();

    private static string Describe(SimulateScreeningRequest r) =>
        $"Seeds {r.Seed}-{r.Seed + r.Runs - 1}; prior knowledge {r.PriorIncludes} include(s) + {r.PriorIncludes} exclude(s); " +
        (r.Classifier == ClassifierLoss.Logistic
            ? "logistic regression (C = 0.1, classes balanced by cost)"
            : "linear SVM (squared hinge, C = 0.11, includes weighted 9.8:1 as ASReview's balanced ratio)") +
        $" on hashed word 1-2-gram TF-IDF (terms in {RankingFeatures.MinTermRecords}+ records where there are {RankingFeatures.MinRecordsToDropRareTerms}+); retrain after max(1, floor({r.RetrainGrowth} x labelled)) records; " +
        (r.LlmNoise is { } n ? $"LLM votes simulated from the labels (0.85 / 0.15, flip rate {n}), blended in with a weight learnt from the labels." :
         HasLlmColumns(r) ? $"LLM votes, blended in with a weight learnt from the labels, from {(r.LlmColumns!.Count == 1 ? "column" : "the mean of columns")} {string.Join(", ", r.LlmColumns.Select(c => $"'{c}'"))}." : "no LLM feature.") +
        (r.StoppingAid ? " Stopping aid replayed: true recall when its estimate first reached 95% (calibrated on cross-validated scores, from 5 includes and 5 excludes), and when the recall test (Callaghan and Müller-Hansen 2020) first rejected recall below 95% at 95% confidence." : "");

    private static bool HasLlmColumns(SimulateScreeningRequest r) => r.LlmColumns is { Count: > 0 };

    private static void Validate(SimulateScreeningRequest r)
    {
        if (r.DataFiles.Count == 0) throw new ScreenerException("name at least one labelled CSV with --data FILE");
        if (r.Runs < 1) throw new ScreenerException("--runs must be at least 1");
        if (r.PriorIncludes < 1) throw new ScreenerException("--prior-includes must be at least 1");
        if (r.RetrainGrowth is < 0 or > 1) throw new ScreenerException("--retrain-growth must be between 0 and 1");
        if (r.LlmNoise is < 0 or > 1) throw new ScreenerException("--llm-noise must be a flip rate between 0 and 1");
        if (r.LlmColumns?.Any(string.IsNullOrWhiteSpace) == true) throw new ScreenerException("--llm-column names a column; an empty name was given");
        if (r.LlmNoise is not null && HasLlmColumns(r)) throw new ScreenerException("use either --llm-noise or --llm-column, not both");
    }
}
