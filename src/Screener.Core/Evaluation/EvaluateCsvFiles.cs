namespace Screener.Core.Evaluation;

/// <summary>What `screener eval --truth FILE --predictions FILE...` compares; optional columns are used when the files have them.</summary>
public sealed record CsvEvaluationRequest(
    string TruthPath,
    IReadOnlyList<string> PredictionPaths,
    string IdColumn = "record_id",
    string TruthColumn = "label",
    string PredictionColumn = "prediction",
    string? GroupBy = null,
    string? ScoreColumn = null,
    string ConfidenceColumn = "confidence",
    string FlagsColumn = "flags",
    GroupWeighting Weighting = GroupWeighting.Records,
    double ConfidenceThreshold = 0.9,
    BootstrapSettings? Bootstrap = null);

/// <summary>
/// Evaluates predictions held in plain files (published or external decisions, another tool's output): joins
/// every predictions file to the truth file on the id column and evaluates each, with run-to-run agreement
/// between the files when there are several.
/// </summary>
public static class EvaluateCsvFiles
{
    public const string AllGroup = "all";

    private sealed record Prediction(PredictedLabel? Label, double? Score, double? Confidence, IReadOnlyList<string> Flags, string? Group);

    private sealed record PredictionFile(IReadOnlyDictionary<string, Prediction> Rows, bool HasFlags, bool HasGroup);

    public static async Task<EvaluationReport> RunAsync(CsvEvaluationRequest request, CancellationToken cancellationToken)
    {
        if (request.PredictionPaths.Count == 0) throw new ScreenerException("give at least one --predictions FILE");
        var notes = new List<string>();
        var (truth, truthGroups) = await ReadTruthAsync(request, notes, cancellationToken);
        var sets = new List<ScreeningEvaluation>();
        var flags = new List<HallucinationFlag>();
        var runs = new List<(string, IReadOnlyDictionary<string, PredictedLabel>)>();
        int checkedSuggestions = 0, ungrounded = 0;
        foreach (var (path, name) in request.PredictionPaths.Zip(SetNames(request.PredictionPaths)))
        {
            var predictions = await ReadPredictionsAsync(request, path, notes, cancellationToken);
            if (request.GroupBy is { } groupBy && truthGroups.Count == 0 && !predictions.HasGroup)
                throw new ScreenerException($"neither {request.TruthPath} nor {path} has the --group-by column '{groupBy}'");
            var orphans = predictions.Rows.Keys.Count(id => !truth.ContainsKey(id));
            if (orphans > 0) notes.Add($"{name}: {orphans} prediction(s) have no truth label and are left out");
            var items = truth.Select(t =>
            {
                var p = predictions.Rows.GetValueOrDefault(t.Key);
                var group = request.GroupBy is null ? AllGroup : truthGroups.GetValueOrDefault(t.Key) ?? p?.Group ?? "";
                return new EvaluationItem(t.Key, group, t.Value, p?.Label, p?.Score, p?.Confidence);
            }).ToList();
            sets.Add(ScreeningEvaluator.Evaluate(name, items, request.Weighting, request.Bootstrap));
            flags.AddRange(HallucinationFlagFinder.ConfidentContradictions(name, items, request.ConfidenceThreshold));
            if (predictions.HasFlags)
                foreach (var (id, p) in predictions.Rows.Where(p => p.Value.Label is not null))
                {
                    var found = HallucinationFlagFinder.Ungrounded(id, name, p.Flags).ToList();
                    flags.AddRange(found);
                    checkedSuggestions++;
                    ungrounded += found.Count > 0 ? 1 : 0;
                }
            runs.Add((name, predictions.Rows.Where(p => p.Value.Label is not null).ToDictionary(p => p.Key, p => p.Value.Label!.Value)));
        }
        var contradictions = flags.Count(f => f.Kind == FlagKinds.ConfidentContradiction);
        var summary = new HallucinationSummary(checkedSuggestions, ungrounded, Intervals.Wilson(ungrounded, checkedSuggestions), contradictions, request.ConfidenceThreshold);
        return new EvaluationReport($"Evaluation of {string.Join(", ", sets.Select(s => s.Name))}", Path.GetFileName(request.TruthPath),
            sets, runs.Count > 1 ? RunAgreementCalculator.Compute(runs) : null, summary, flags, notes);
    }

    private static async Task<(Dictionary<string, bool> Truth, Dictionary<string, string> Groups)> ReadTruthAsync(
        CsvEvaluationRequest request, List<string> notes, CancellationToken cancellationToken)
    {
        var path = request.TruthPath;
        var (header, rows) = await LabelCsv.ReadAsync(path, cancellationToken);
        LabelCsv.RequireColumn(path, header, request.IdColumn, "--id-column");
        LabelCsv.RequireColumn(path, header, request.TruthColumn, "--truth-column");
        var hasGroup = request.GroupBy is not null && header.Contains(request.GroupBy, StringComparer.OrdinalIgnoreCase);
        var truth = new Dictionary<string, bool>(StringComparer.Ordinal);
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        var unlabelled = 0;
        foreach (var row in rows)
        {
            if (Id(request, row) is not { } id) { unlabelled++; continue; }
            var label = LabelCsv.ParseLabel(row.Fields[request.TruthColumn], path, row.Row, request.TruthColumn);
            if (label is null or PredictedLabel.Unsure) { unlabelled++; continue; }
            if (!truth.TryAdd(id, label == PredictedLabel.Include))
                throw new ScreenerException($"{path} row {row.Row}: record '{id}' appears twice; give each record one truth label");
            if (hasGroup) groups[id] = row.Fields[request.GroupBy!];
        }
        if (unlabelled > 0) notes.Add($"truth: {unlabelled} row(s) with no record id or an empty or unsure human label are left out");
        return (truth, groups);
    }

    private static async Task<PredictionFile> ReadPredictionsAsync(CsvEvaluationRequest request, string path, List<string> notes, CancellationToken cancellationToken)
    {
        var (header, rows) = await LabelCsv.ReadAsync(path, cancellationToken);
        LabelCsv.RequireColumn(path, header, request.IdColumn, "--id-column");
        LabelCsv.RequireColumn(path, header, request.PredictionColumn, "--prediction-column");
        if (request.ScoreColumn is not null) LabelCsv.RequireColumn(path, header, request.ScoreColumn, "--score-column");
        bool Has(string? column) => column is not null && header.Contains(column, StringComparer.OrdinalIgnoreCase);
        var predictions = new Dictionary<string, Prediction>(StringComparer.Ordinal);
        var withoutId = 0;
        foreach (var row in rows)
        {
            if (Id(request, row) is not { } id) { withoutId++; continue; }
            var prediction = new Prediction(
                LabelCsv.ParseLabel(row.Fields[request.PredictionColumn], path, row.Row, request.PredictionColumn),
                Has(request.ScoreColumn) ? LabelCsv.ParseNumber(row.Fields[request.ScoreColumn!], path, row.Row, request.ScoreColumn!) : null,
                Has(request.ConfidenceColumn) ? LabelCsv.ParseNumber(row.Fields[request.ConfidenceColumn], path, row.Row, request.ConfidenceColumn) : null,
                Has(request.FlagsColumn) ? row.Fields[request.FlagsColumn].Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
                Has(request.GroupBy) ? row.Fields[request.GroupBy!] : null);
            if (!predictions.TryAdd(id, prediction))
                throw new ScreenerException($"{path} row {row.Row}: record '{id}' appears twice; give each record one prediction (several runs go in several files)");
        }
        if (withoutId > 0) notes.Add($"{Path.GetFileName(path)}: {withoutId} row(s) without a record id cannot be joined and are left out");
        return new PredictionFile(predictions, Has(request.FlagsColumn), Has(request.GroupBy));
    }

    /// <summary>A row without an id cannot be joined; it is left out and counted in the notes rather than failing the whole file.</summary>
    private static string? Id(CsvEvaluationRequest request, CsvRow row) => row.Fields[request.IdColumn] is { Length: > 0 } id ? id : null;

    /// <summary>File names without extension, made unique when two files share a name.</summary>
    private static IEnumerable<string> SetNames(IReadOnlyList<string> paths)
    {
        var names = paths.Select(Path.GetFileNameWithoutExtension).ToList();
        return names.Select((n, i) => names.Count(x => x == n) > 1 ? $"{n}-{i + 1}" : n!);
    }
}
