namespace Screener.Core.Evaluation;

/// <summary>
/// Span files (EBM-NLP style PICO spans): one row per span with record_id, label, start and end token offsets
/// (end exclusive) and optionally its text; sources (optional) hold each record's text for the grounding check.
/// </summary>
public sealed record SpanEvaluationRequest(string GoldPath, string PredictionsPath, string? SourcesPath = null, string IdColumn = "record_id",
    IReadOnlyList<string>? SourceColumns = null);

public sealed record LabelScores(string Label, OverlapScores Spans, OverlapScores Tokens);

public sealed record SpanEvaluation(IReadOnlyList<LabelScores> Labels, LabelScores Overall, GroundingResult? Grounding);

/// <summary>Span-level (exact boundaries) and token-level precision, recall and F1, per label and overall, and the grounding of span texts.</summary>
public static class EvaluateSpanFiles
{
    public const string AllLabels = "all";

    public static async Task<SpanEvaluation> RunAsync(SpanEvaluationRequest request, CancellationToken cancellationToken)
    {
        var gold = await ReadAsync(request, request.GoldPath, cancellationToken);
        var predicted = await ReadAsync(request, request.PredictionsPath, cancellationToken);
        GroundingResult? grounding = null;
        if (request.SourcesPath is { } sources)
        {
            var texts = await SourceTexts.ReadAsync(sources, request.IdColumn, request.SourceColumns, cancellationToken);
            grounding = SourceGrounding.Check(predicted.Where(p => p.Text is not null && texts.ContainsKey(p.Span.DocumentId))
                .Select(p => new GroundingCheck(p.Span.DocumentId, p.Span.Label, p.Text!, texts[p.Span.DocumentId])));
        }
        return Score(gold.Select(g => g.Span).ToList(), predicted.Select(p => p.Span).ToList()) with { Grounding = grounding };
    }

    public static SpanEvaluation Score(IReadOnlyList<LabelledSpan> gold, IReadOnlyList<LabelledSpan> predicted)
    {
        var labels = gold.Concat(predicted).Select(s => s.Label).Distinct().Order(StringComparer.Ordinal).Select(label =>
        {
            var g = gold.Where(s => s.Label == label).ToList();
            var p = predicted.Where(s => s.Label == label).ToList();
            return new LabelScores(label, ExtractionMetrics.SpanScores(g, p), ExtractionMetrics.TokenScores(g, p));
        }).ToList();
        return new SpanEvaluation(labels, new LabelScores(AllLabels, ExtractionMetrics.SpanScores(gold, predicted), ExtractionMetrics.TokenScores(gold, predicted)), null);
    }

    private static async Task<List<(LabelledSpan Span, string? Text)>> ReadAsync(SpanEvaluationRequest request, string path, CancellationToken cancellationToken)
    {
        var (header, rows) = await LabelCsv.ReadAsync(path, cancellationToken);
        foreach (var column in new[] { request.IdColumn, "label", "start", "end" }) LabelCsv.RequireColumn(path, header, column, "the span file shape in eval/README.md");
        var hasText = header.Contains("text", StringComparer.OrdinalIgnoreCase);
        return rows.Select(row =>
        {
            int Offset(string column) => int.TryParse(row.Fields[column], out var v) && v >= 0 ? v
                : throw new ScreenerException($"{path} row {row.Row}: '{row.Fields[column]}' in column '{column}' is not a token offset");
            var (start, end) = (Offset("start"), Offset("end"));
            if (end <= start) throw new ScreenerException($"{path} row {row.Row}: a span must end after it starts (end is exclusive)");
            return (new LabelledSpan(row.Fields[request.IdColumn], row.Fields["label"], start, end), hasText && row.Fields["text"].Length > 0 ? row.Fields["text"] : null);
        }).ToList();
    }
}
