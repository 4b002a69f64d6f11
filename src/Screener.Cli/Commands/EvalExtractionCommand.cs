using System.CommandLine;
using System.Globalization;
using Screener.Core;
using Screener.Core.Evaluation;

namespace Screener.Cli.Commands;

internal static class EvalExtractionCommand
{
    public sealed record Output(ExtractionEvaluation Evaluation, IReadOnlyList<string> Files);

    public static Command Create()
    {
        var gold = new Option<string>("--gold") { Description = "Gold values: CSV/TSV with record_id, field, value (empty = not reported)", Required = true };
        var predictions = new Option<string>("--predictions") { Description = "Extracted values in the same shape, optionally with an evidence column", Required = true };
        var sources = new Option<string>("--sources") { Description = "Source texts (record_id plus title/abstract/text columns): checks every value and quote is grounded" };
        var sourceColumns = new Option<string>("--source-columns") { Description = "Comma-separated source text columns", DefaultValueFactory = _ => "title,abstract,text" };
        var idColumn = new Option<string>("--id-column") { Description = "Record id column", DefaultValueFactory = _ => "record_id" };
        var fieldColumn = new Option<string>("--field-column") { Description = "Field name column", DefaultValueFactory = _ => "field" };
        var valueColumn = new Option<string>("--value-column") { Description = "Value column", DefaultValueFactory = _ => "value" };
        var tolerance = new Option<double>("--numeric-tolerance") { Description = "Largest absolute difference at which two numbers still match", DefaultValueFactory = _ => 0 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for extraction.md and the CSV tables" };
        var command = new Command("extraction", "Per-field accuracy of extracted values against a gold file, and the hallucination rate")
        {
            gold, predictions, sources, sourceColumns, idColumn, fieldColumn, valueColumn, tolerance, output,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            if (parse.GetValue(tolerance) < 0) throw new ScreenerException("--numeric-tolerance must be 0 or more");
            var request = new ExtractionEvaluationRequest(parse.GetValue(gold)!, parse.GetValue(predictions)!, parse.GetValue(sources),
                parse.GetValue(idColumn)!, parse.GetValue(fieldColumn)!, parse.GetValue(valueColumn)!,
                SourceColumns: parse.GetValue(sourceColumns)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                NumericTolerance: parse.GetValue(tolerance));
            var evaluation = await EvaluateExtractionFiles.RunAsync(request, token);
            var files = parse.GetValue(output) is { } dir ? await ExtractionReportWriter.WriteAsync(evaluation, dir.FullName, token) : [];
            cli.Report(new Output(evaluation, files), r => Write(cli.Out, r));
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, Output r)
    {
        o.WriteLine($"{r.Evaluation.GoldValues} gold values, {r.Evaluation.PredictedValues} predicted");
        foreach (var f in r.Evaluation.Fields)
            o.WriteLine($"  {f.Field}: exact {f.Exact.Format()}  normalised {f.Normalised.Format()}  numeric {f.Numeric.Format()}  ({f.Missing} missing of {f.Records})");
        if (r.Evaluation.Grounding is { } g)
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hallucination rate: {g.Ungrounded} of {g.Checked} values or quotes not found in the source, {g.HallucinationRate.Format()}"));
        foreach (var note in r.Evaluation.Notes) o.WriteLine($"note: {note}");
        if (r.Files.Count > 0) o.WriteLine($"report: {Path.GetDirectoryName(r.Files[0])} ({r.Files.Count} files)");
    }
}
