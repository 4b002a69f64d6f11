using System.CommandLine;
using Screener.Core;
using Screener.Core.Evaluation;
using Screener.Core.Vocabulary;

namespace Screener.Cli.Commands;

internal static class EvalCommand
{
    public sealed record EvalOutput(EvaluationReport Report, IReadOnlyList<string> Files);

    public static Command Create()
    {
        var o = new EvalOptions();
        var command = new Command("eval", "Measure agreement between predictions (CSV files or an LLM run) and human labels; write a report")
        {
            o.Truth, o.Predictions, o.IdColumn, o.TruthColumn, o.PredictionColumn, o.GroupBy, o.WeightBy, o.ScoreColumn,
            o.ConfidenceColumn, o.FlagsColumn, o.Review, o.Run, o.Stage, o.ConfidenceThreshold, o.Resamples, o.Seed, o.Out,
            EvalExtractionCommand.Create(),
            EvalSpansCommand.Create(),
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var bootstrap = new BootstrapSettings(parse.GetValue(o.Resamples), parse.GetValue(o.Seed));
            var threshold = parse.GetValue(o.ConfidenceThreshold);
            if (threshold is < 0 or > 1) throw new ScreenerException("--confidence-threshold must be between 0 and 1");
            if (bootstrap.Resamples < 0) throw new ScreenerException("--bootstrap must be 0 or more resamples");
            var report = parse.GetValue(o.Review) is { } review
                ? await EvaluateRunAsync(cli, parse, o, review, threshold, bootstrap, token)
                : await EvaluateCsvFiles.RunAsync(CsvRequest(parse, o, threshold, bootstrap), token);
            var files = parse.GetValue(o.Out) is { } dir
                ? await EvalReportWriter.WriteAsync(report, dir.FullName, bootstrap, token)
                : [];
            cli.Report(new EvalOutput(report, files), r => EvalSummary.Write(cli.Out, r.Report, r.Files));
            return 0;
        }));
        return command;
    }

    private static CsvEvaluationRequest CsvRequest(ParseResult parse, EvalOptions o, double threshold, BootstrapSettings bootstrap)
    {
        var truth = parse.GetValue(o.Truth);
        var predictions = parse.GetValue(o.Predictions) ?? [];
        if (truth is null || predictions.Length == 0)
            throw new ScreenerException("give --truth FILE and --predictions FILE (CSV files), or --review R to evaluate an LLM run in the database");
        var weighting = parse.GetValue(o.WeightBy) switch
        {
            "n" => GroupWeighting.Records,
            "none" => GroupWeighting.None,
            var w => throw new ScreenerException($"--weight-by '{w}' is not known; use n (by group size) or none"),
        };
        return new CsvEvaluationRequest(truth, predictions, parse.GetValue(o.IdColumn)!, parse.GetValue(o.TruthColumn)!,
            parse.GetValue(o.PredictionColumn)!, parse.GetValue(o.GroupBy), parse.GetValue(o.ScoreColumn),
            parse.GetValue(o.ConfidenceColumn)!, parse.GetValue(o.FlagsColumn)!, weighting, threshold, bootstrap);
    }

    private static async Task<EvaluationReport> EvaluateRunAsync(CliRunner cli, ParseResult parse, EvalOptions o, string review,
        double threshold, BootstrapSettings bootstrap, CancellationToken token)
    {
        if (parse.GetValue(o.Predictions) is { Length: > 0 })
            throw new ScreenerException("--review evaluates an LLM run in the database; leave out --predictions (or leave out --review to evaluate files)");
        var truth = (parse.GetValue(o.Truth) ?? "human") switch
        {
            "human" => TruthSource.Human,
            "imported-ta" => TruthSource.ImportedTitleAbstract,
            "imported-final" => TruthSource.ImportedFinal,
            var t => throw new ScreenerException($"with --review, --truth is human, imported-ta or imported-final, not '{t}'"),
        };
        var stage = parse.GetValue(o.Stage) switch
        {
            "ta" => ReviewStage.TitleAbstract,
            "ft" => ReviewStage.FullText,
            var s => throw new ScreenerException($"--stage '{s}' is not known; use ta (title/abstract) or ft (full text)"),
        };
        await using var db = await cli.OpenDbAsync(token);
        return await EvaluateRun.RunAsync(db, new RunEvaluationRequest(review, parse.GetValue(o.Run), truth, stage, threshold, bootstrap), token);
    }

    private sealed class EvalOptions
    {
        public readonly Option<string> Truth = new("--truth") { Description = "Truth labels: a CSV/TSV file; with --review: human (default), imported-ta or imported-final" };
        public readonly Option<string[]> Predictions = new("--predictions") { Description = "Predictions CSV/TSV file; repeat for several runs (run-to-run agreement is reported)" };
        public readonly Option<string> IdColumn = new("--id-column") { Description = "Column joining truth and predictions", DefaultValueFactory = _ => "record_id" };
        public readonly Option<string> TruthColumn = new("--truth-column") { Description = "Truth label column (1/0, include/exclude, true/false, yes/no)", DefaultValueFactory = _ => "label" };
        public readonly Option<string> PredictionColumn = new("--prediction-column") { Description = "Prediction column (as truth, plus unsure; empty = missing)", DefaultValueFactory = _ => "prediction" };
        public readonly Option<string> GroupBy = new("--group-by") { Description = "Column to group by (e.g. review): per-group, pooled and averaged figures" };
        public readonly Option<string> WeightBy = new("--weight-by") { Description = "Average groups weighted by size (n) or plainly (none)", DefaultValueFactory = _ => "n" };
        public readonly Option<string> ScoreColumn = new("--score-column") { Description = "Ranking score column (higher = more likely include): recall curve, WSS@95/100" };
        public readonly Option<string> ConfidenceColumn = new("--confidence-column") { Description = "Confidence column, used when present", DefaultValueFactory = _ => "confidence" };
        public readonly Option<string> FlagsColumn = new("--flags-column") { Description = "Flags column (';'-separated, e.g. ungrounded-quote:E2), used when present", DefaultValueFactory = _ => "flags" };
        public readonly Option<string> Review = new("--review") { Description = "Evaluate this review's LLM screening run from the database" };
        public readonly Option<long?> Run = new("--run") { Description = "With --review: the run id (default: the latest screening run)" };
        public readonly Option<string> Stage = new("--stage") { Description = "With --review and human truth: ta (title/abstract, default) or ft (full text)", DefaultValueFactory = _ => "ta" };
        public readonly Option<double> ConfidenceThreshold = new("--confidence-threshold") { Description = "Flag LLM decisions at or above this confidence that contradict the human", DefaultValueFactory = _ => 0.9 };
        public readonly Option<int> Resamples = new("--bootstrap") { Description = "Bootstrap resamples for the kappa and F1 intervals", DefaultValueFactory = _ => BootstrapSettings.Default.Resamples };
        public readonly Option<int> Seed = new("--seed") { Description = "Seed of the bootstrap (same seed, same intervals)", DefaultValueFactory = _ => BootstrapSettings.Default.Seed };
        public readonly Option<DirectoryInfo> Out = new("--out") { Description = "Folder for report.md, CSV tables and SVG plots" };
    }
}
