namespace Screener.Core.Evaluation;

/// <summary>
/// Long-format files: gold and predictions have one row per (record, field) with a value (empty = not reported);
/// predictions may carry an evidence column; sources (optional) hold each record's text for the grounding check.
/// </summary>
public sealed record ExtractionEvaluationRequest(
    string GoldPath,
    string PredictionsPath,
    string? SourcesPath = null,
    string IdColumn = "record_id",
    string FieldColumn = "field",
    string ValueColumn = "value",
    string EvidenceColumn = "evidence",
    IReadOnlyList<string>? SourceColumns = null,
    double NumericTolerance = 0);

public sealed record ExtractionEvaluation(int GoldValues, int PredictedValues, IReadOnlyList<FieldAccuracy> Fields, GroundingResult? Grounding, IReadOnlyList<string> Notes);

/// <summary>Field accuracy of extracted values against a gold file, and the share of values or quotes not found in the source.</summary>
public static class EvaluateExtractionFiles
{
    public static async Task<ExtractionEvaluation> RunAsync(ExtractionEvaluationRequest request, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var gold = await ReadValuesAsync(request, request.GoldPath, cancellationToken);
        var predicted = await ReadValuesAsync(request, request.PredictionsPath, cancellationToken);
        var comparisons = gold.Select(g => new FieldComparison(g.Key.Record, g.Key.Field, g.Value.Value,
            predicted.TryGetValue(g.Key, out var p) ? p.Value : null)).ToList();
        var extra = predicted.Keys.Count(k => !gold.ContainsKey(k));
        if (extra > 0) notes.Add($"{extra} predicted value(s) have no gold row and are not scored for accuracy");
        GroundingResult? grounding = null;
        if (request.SourcesPath is { } sourcesPath)
        {
            var sources = await SourceTexts.ReadAsync(sourcesPath, request.IdColumn, request.SourceColumns, cancellationToken);
            var missing = predicted.Keys.Select(k => k.Record).Distinct().Count(r => !sources.ContainsKey(r));
            if (missing > 0) notes.Add($"{missing} record(s) have no source text; their values are not checked for grounding");
            grounding = SourceGrounding.Check(predicted.Where(p => sources.ContainsKey(p.Key.Record)).SelectMany(p =>
                new[] { p.Value.Value, p.Value.Evidence }.OfType<string>()
                    .Select(v => new GroundingCheck(p.Key.Record, p.Key.Field, v, sources[p.Key.Record]))));
        }
        return new ExtractionEvaluation(gold.Count, predicted.Count(p => p.Value.Value is not null),
            ExtractionMetrics.FieldAccuracy(comparisons, request.NumericTolerance), grounding, notes);
    }

    private static async Task<Dictionary<(string Record, string Field), (string? Value, string? Evidence)>> ReadValuesAsync(
        ExtractionEvaluationRequest request, string path, CancellationToken cancellationToken)
    {
        var (header, rows) = await LabelCsv.ReadAsync(path, cancellationToken);
        LabelCsv.RequireColumn(path, header, request.IdColumn, "--id-column");
        LabelCsv.RequireColumn(path, header, request.FieldColumn, "--field-column");
        LabelCsv.RequireColumn(path, header, request.ValueColumn, "--value-column");
        var hasEvidence = header.Contains(request.EvidenceColumn, StringComparer.OrdinalIgnoreCase);
        var values = new Dictionary<(string, string), (string?, string?)>();
        foreach (var row in rows)
        {
            var key = (row.Fields[request.IdColumn], row.Fields[request.FieldColumn]);
            if (key.Item1.Length == 0 || key.Item2.Length == 0)
                throw new ScreenerException($"{path} row {row.Row}: every row needs a record id and a field name");
            var value = row.Fields[request.ValueColumn] is { Length: > 0 } v ? v : null;
            var evidence = hasEvidence && row.Fields[request.EvidenceColumn] is { Length: > 0 } e ? e : null;
            if (!values.TryAdd(key, (value, evidence)))
                throw new ScreenerException($"{path} row {row.Row}: field '{key.Item2}' of record '{key.Item1}' appears twice");
        }
        return values;
    }
}
