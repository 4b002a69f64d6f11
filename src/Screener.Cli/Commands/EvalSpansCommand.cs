using System.CommandLine;
using System.Globalization;
using Screener.Core.Evaluation;

namespace Screener.Cli.Commands;

internal static class EvalSpansCommand
{
    public sealed record Output(SpanEvaluation Evaluation, IReadOnlyList<string> Files);

    public static Command Create()
    {
        var gold = new Option<string>("--gold") { Description = "Gold spans: CSV/TSV with record_id, label, start, end (token offsets, end exclusive), optional text", Required = true };
        var predictions = new Option<string>("--predictions") { Description = "Predicted spans in the same shape", Required = true };
        var sources = new Option<string>("--sources") { Description = "Source texts (record_id plus title/abstract/text columns): checks every predicted span text is grounded" };
        var sourceColumns = new Option<string>("--source-columns") { Description = "Comma-separated source text columns", DefaultValueFactory = _ => "title,abstract,text" };
        var idColumn = new Option<string>("--id-column") { Description = "Record id column", DefaultValueFactory = _ => "record_id" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for span_scores.csv (and ungrounded.csv)" };
        var command = new Command("spans", "Span-level and token-level precision, recall and F1 of extracted spans (e.g. PICO) against gold spans")
        {
            gold, predictions, sources, sourceColumns, idColumn, output,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var request = new SpanEvaluationRequest(parse.GetValue(gold)!, parse.GetValue(predictions)!, parse.GetValue(sources), parse.GetValue(idColumn)!,
                parse.GetValue(sourceColumns)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var evaluation = await EvaluateSpanFiles.RunAsync(request, token);
            var files = parse.GetValue(output) is { } dir ? await ExtractionReportWriter.WriteSpansAsync(evaluation, dir.FullName, token) : [];
            cli.Report(new Output(evaluation, files), r => Write(cli.Out, r));
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, Output r)
    {
        foreach (var l in r.Evaluation.Labels.Append(r.Evaluation.Overall))
            o.WriteLine($"{l.Label,-8} spans {Scores(l.Spans)}   tokens {Scores(l.Tokens)}");
        if (r.Evaluation.Grounding is { } g)
            o.WriteLine($"hallucination rate: {g.Ungrounded} of {g.Checked} span texts not found in the source, {g.HallucinationRate.Format()}");
        if (r.Files.Count > 0) o.WriteLine($"report: {Path.GetDirectoryName(r.Files[0])} ({r.Files.Count} files)");
    }

    private static string Scores(OverlapScores s) => string.Create(CultureInfo.InvariantCulture,
        $"P {Number(s.Precision)} R {Number(s.Recall)} F1 {Number(s.F1)} ({s.Matched} of {s.Gold} gold, {s.Predicted} predicted)");

    private static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
