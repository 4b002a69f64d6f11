using System.CommandLine;
using System.Globalization;
using Screener.Core.Ranking;

namespace Screener.Cli.Commands;

internal static class SimulateCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo[]>("--data")
        {
            Description = "Fully labelled CSV(s) with title, abstract and a 0/1 label column (repeat or list several)",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var labelColumn = new Option<string?>("--label-column") { Description = "Label column (default: label_final where it has values, else label_ta, label_included, included)" };
        var seed = new Option<int>("--seed") { Description = "First random seed (prior records, visiting order)", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Number of seeds to run: seed, seed+1, ...", DefaultValueFactory = _ => 1 };
        var prior = new Option<int>("--prior-includes") { Description = "K: start from K random includes and K random excludes", DefaultValueFactory = _ => 1 };
        var growth = new Option<double>("--retrain-growth")
        {
            Description = "Retrain after max(1, floor(g x labelled)) records; 0 retrains after every record", DefaultValueFactory = _ => 0.05,
        };
        var noise = new Option<double?>("--llm-noise") { Description = "Add a simulated LLM probability (0.85 include / 0.15 exclude) with this share of seeded flips" };
        var llmColumn = new Option<string[]>("--llm-column")
        {
            Description = "Column holding a real LLM inclusion probability (0-1) to use as a feature; repeat it or list columns with commas " +
                "(one per run, slot or repeat) to use their mean",
        };
        var classifier = new Option<string>("--classifier")
        {
            Description = "auto (default: svm on text alone, logistic with an LLM feature), svm (squared hinge, C 0.11, includes weighted 9.8:1, " +
                "as ASReview's ELAS u4) or logistic (C 0.1, classes even)",
            DefaultValueFactory = _ => "auto",
        };
        classifier.AcceptOnlyFromAmong("auto", "svm", "logistic");
        var stopping = new Option<bool>("--stopping-aid")
        {
            Description = "Also replay the stopping aid: report the true recall when its estimated recall first reached 95% (slower: five extra model fits per retrain until then)",
        };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for summary.md/.csv, runs.csv, per-seed curves and SVG recall curves" };
        var command = new Command("simulate", "Replay the labels of a labelled CSV through active learning and report recall curves, WSS@95/100, RRF@10")
        {
            data, labelColumn, seed, runs, prior, growth, noise, llmColumn, classifier, stopping, output,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var request = new SimulateScreeningRequest(
                parse.GetValue(data)!.Select(f => f.FullName).ToArray(), parse.GetValue(labelColumn), parse.GetValue(seed),
                parse.GetValue(runs), parse.GetValue(prior), parse.GetValue(growth), Columns(parse.GetValue(llmColumn)), parse.GetValue(noise),
                parse.GetValue(output)?.FullName,
                parse.GetValue(classifier) switch { "logistic" => ClassifierLoss.Logistic, "svm" => ClassifierLoss.SquaredHinge, _ => null },
                parse.GetValue(stopping));
            var result = await SimulateScreening.RunAsync(request, token);
            cli.Report(Summary(result), s => Write(cli.Out, result));
            return 0;
        }));
        return command;
    }

    /// <summary>"--llm-column a --llm-column b" and "--llm-column a,b" name the same two columns.</summary>
    private static string[] Columns(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToArray();

    private static object Summary(SimulateScreeningResult result) => new
    {
        result.OutputDirectory,
        Datasets = result.Datasets.Select(d => new
        {
            d.Dataset, d.LabelColumn, d.Records, d.Relevant, d.RowsWithoutLabel, d.LlmFeature, d.RecordsTo95, d.RecordsTo985,
            d.RecordsTo100, d.Wss95, d.Wss100, d.Rrf10, d.RecordsPerSecond, d.StoppingAidReplayed, d.StoppingAidNever, d.RecallTestNever,
            Runs = d.Runs.Select(r => new
            {
                r.Seed, r.PriorRecords, r.Retrains, r.Metrics.RecordsTo95, r.Metrics.RecordsTo985, r.Metrics.RecordsTo100,
                r.Metrics.Wss95, r.Metrics.Wss100, r.Metrics.Rrf10, r.StoppingAid95, r.RecallTest95,
            }),
        }),
    };

    private static void Write(TextWriter o, SimulateScreeningResult result)
    {
        foreach (var d in result.Datasets)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{d.Dataset} ({d.LabelColumn}, {d.Records} records, {d.Relevant} includes{(d.LlmFeature ? ", LLM feature" : "")}, {d.Runs.Count} seed(s)):"));
            if (d.RowsWithoutLabel > 0) o.WriteLine($"  {d.RowsWithoutLabel} row(s) without a label were left out");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  records to 95% recall {d.RecordsTo95.Median:0.#} [{d.RecordsTo95.Min}-{d.RecordsTo95.Max}], to 98.5% {d.RecordsTo985.Median:0.#} [{d.RecordsTo985.Min}-{d.RecordsTo985.Max}], to 100% {d.RecordsTo100.Median:0.#}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  WSS@95 {d.Wss95.Median:P1}, WSS@100 {d.Wss100.Median:P1}, RRF@10 {d.Rrf10.Median:P1}; {d.RecordsPerSecond:F0} records labelled/s"));
            if (d.StoppingAidReplayed)
            {
                o.WriteLine(StopLine("stopping aid", "said 95%", "its estimate never reached 95% before the last retrain", d.StoppingAidScreened, d.StoppingAidRecall, d.StoppingAidNever));
                o.WriteLine(StopLine("recall test", "passed", "never passed", d.RecallTestScreened, d.RecallTestRecall, d.RecallTestNever));
            }
        }
        if (result.OutputDirectory is { } dir) o.WriteLine($"wrote {Path.Combine(dir, "summary.md")} and per-seed curves");
    }

    /// <summary>When a stopping rule first fired over the seeds: records screened and the true recall then.</summary>
    private static string StopLine(string rule, string fired, string never, Spread screened, Spread recall, int seedsNever) =>
        double.IsNaN(recall.Median)
            ? $"  {rule}: {never}"
            : string.Create(CultureInfo.InvariantCulture,
                $"  {rule}: {fired} after {screened.Median:0.#} records, true recall then {recall.Median:P1} [{recall.Min:P1}-{recall.Max:P1}]")
              + (seedsNever > 0 ? $"; never in {seedsNever} seed(s)" : "");
}
