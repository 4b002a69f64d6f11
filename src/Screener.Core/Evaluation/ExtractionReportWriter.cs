using System.Globalization;
using System.Text;

namespace Screener.Core.Evaluation;

/// <summary>Writes extraction.md, field_accuracy.csv and ungrounded.csv for an extraction evaluation.</summary>
public static class ExtractionReportWriter
{
    public static async Task<IReadOnlyList<string>> WriteAsync(ExtractionEvaluation evaluation, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        async Task Text(string name, string content)
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllTextAsync(path, content, cancellationToken);
            files.Add(path);
        }
        await Text("extraction.md", Markdown(evaluation));
        await Text("field_accuracy.csv", EvalReportWriter.Csv(
            ["field", "records", "missing", "exact", "exact_low", "exact_high", "normalised", "normalised_low", "normalised_high", "numeric", "numeric_low", "numeric_high"],
            evaluation.Fields.Select(f => new object?[] { f.Field, f.Records, f.Missing, f.Exact.Value, f.Exact.Low, f.Exact.High,
                f.Normalised.Value, f.Normalised.Low, f.Normalised.High, f.Numeric.Value, f.Numeric.Low, f.Numeric.High })));
        if (evaluation.Grounding is { } g)
            await Text("ungrounded.csv", EvalReportWriter.Csv(["record_id", "field", "value"],
                g.UngroundedValues.Select(u => new object?[] { u.RecordId, u.Field, u.Value })));
        return files;
    }

    /// <summary>span_scores.csv (per label and overall) and, with sources, ungrounded.csv.</summary>
    public static async Task<IReadOnlyList<string>> WriteSpansAsync(SpanEvaluation evaluation, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var scores = Path.Combine(directory, "span_scores.csv");
        await File.WriteAllTextAsync(scores, EvalReportWriter.Csv(["label", "level", "gold", "predicted", "matched", "precision", "recall", "f1"],
            evaluation.Labels.Append(evaluation.Overall).SelectMany(l => new[] { ("span", l.Spans), ("token", l.Tokens) }
                .Select(x => new object?[] { l.Label, x.Item1, x.Item2.Gold, x.Item2.Predicted, x.Item2.Matched, x.Item2.Precision, x.Item2.Recall, x.Item2.F1 }))), cancellationToken);
        if (evaluation.Grounding is not { } g) return [scores];
        var ungrounded = Path.Combine(directory, "ungrounded.csv");
        await File.WriteAllTextAsync(ungrounded, EvalReportWriter.Csv(["record_id", "label", "text"],
            g.UngroundedValues.Select(u => new object?[] { u.RecordId, u.Field, u.Value })), cancellationToken);
        return [scores, ungrounded];
    }

    public static string Markdown(ExtractionEvaluation evaluation)
    {
        var md = new StringBuilder("# Extraction evaluation\n\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"{evaluation.GoldValues} gold values, {evaluation.PredictedValues} predicted values. Accuracy per field with 95% Wilson intervals; a missing prediction counts as wrong.").AppendLine();
        md.AppendLine("| field | records | missing | exact | normalised text | numeric tolerance |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var f in evaluation.Fields)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Field} | {f.Records} | {f.Missing} | {f.Exact.Format()} | {f.Normalised.Format()} | {f.Numeric.Format()} |");
        md.AppendLine();
        if (evaluation.Grounding is { } g)
            md.AppendLine(CultureInfo.InvariantCulture, $"Hallucination rate (values or quotes not found in the source): {g.Ungrounded} of {g.Checked}, {g.HallucinationRate.Format()}.").AppendLine();
        foreach (var note in evaluation.Notes) md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        return md.ToString();
    }
}
