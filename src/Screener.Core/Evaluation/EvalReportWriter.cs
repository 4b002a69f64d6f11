using Screener.Core.Exports;

namespace Screener.Core.Evaluation;

/// <summary>Writes report.md, the CSV tables and the SVG plots of an evaluation into one folder; returns the files written.</summary>
public static class EvalReportWriter
{
    public static async Task<IReadOnlyList<string>> WriteAsync(EvaluationReport report, string directory, BootstrapSettings bootstrap, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        async Task Text(string name, string content)
        {
            var path = Path.Combine(directory, name);
            await File.WriteAllTextAsync(path, content, cancellationToken);
            files.Add(path);
        }
        await Text("report.md", MarkdownReport.Render(report, bootstrap));
        await Text("metrics.csv", Csv(["set", "view", "group", "n", "metric", "value", "low", "high"], MetricRows(report)));
        await Text("confusion.csv", Csv(["set", "view", "group", "tp", "fp", "fn", "tn"], report.Sets.SelectMany(s => s.Views.SelectMany(v =>
            v.Groups.Select(g => (g.Group, g.Metrics.Matrix)).Append((ScreeningEvaluator.Pooled, v.Pooled.Matrix))
                .Select(x => new object?[] { s.Name, v.View, x.Item1, x.Item2.TruePositives, x.Item2.FalsePositives, x.Item2.FalseNegatives, x.Item2.TrueNegatives })))));
        await Text("coverage.csv", Csv(["set", "truth_records", "predicted", "missing", "unsure", "share"], report.Sets.Select(s =>
            new object?[] { s.Name, s.Coverage.TruthRecords, s.Coverage.Predicted, s.Coverage.Missing, s.Coverage.Unsure, s.Coverage.Share })));
        await Text("flags.csv", Csv(["record_id", "source", "kind", "detail"], report.Flags.Select(f => new object?[] { f.RecordId, f.Source, f.Kind, f.Detail })));
        if (report.Agreement is { } a)
            await Text("agreement.csv", Csv(["first", "second", "records", "agreement", "kappa"],
                a.Pairs.Select(p => new object?[] { p.First, p.Second, p.Records, p.Percent, p.Kappa })
                    .Append(["all runs (Fleiss)", "", a.Records, a.AllAgree, a.FleissKappa])));
        var rankings = report.Sets.SelectMany(s => s.Rankings.Select(r => (Set: s.Name, Ranking: r))).ToList();
        if (rankings.Count > 0)
        {
            await Text("ranking.csv", Csv(["set", "group", "n", "relevant", "wss95", "wss100", "recall_at_10", "recall_at_25", "recall_at_50", "records_to_95", "records_to_100"],
                rankings.Select(x => new object?[] { x.Set, x.Ranking.Group, x.Ranking.Records, x.Ranking.Relevant, x.Ranking.Wss95, x.Ranking.Wss100,
                    x.Ranking.RecallAt10, x.Ranking.RecallAt25, x.Ranking.RecallAt50, x.Ranking.RecordsTo95, x.Ranking.RecordsTo100 })));
            await Text("recall_curve.csv", Csv(["set", "group", "screened", "found", "recall"],
                rankings.SelectMany(x => x.Ranking.Curve.Select(p => new object?[] { x.Set, x.Ranking.Group, p.Screened, p.Found, p.Recall }))));
        }
        foreach (var set in report.Sets)
        {
            await Text($"confusion-{FileName(set.Name)}.svg", SvgPlots.ConfusionMatrix(set.Views[0].Pooled.Matrix, $"{set.Name}: {set.Views[0].View}, pooled"));
            if (set.Rankings.Count > 0) await Text($"recall-curve-{FileName(set.Name)}.svg", SvgPlots.RecallCurves(set.Rankings, $"{set.Name}: recall curve"));
        }
        return files;
    }

    private static IEnumerable<object?[]> MetricRows(EvaluationReport report) =>
        report.Sets.SelectMany(s => s.Views.SelectMany(v =>
        {
            var groups = v.Groups.Count > 1 ? [.. v.Groups, new GroupMetrics(ScreeningEvaluator.Pooled, v.Pooled.Matrix.Total, v.Pooled)] : v.Groups;
            var rows = groups.SelectMany(g => BinaryMetrics.Names.Select(n => (n.Name, Estimate: n.Read(g.Metrics)))
                .Select(x => new object?[] { s.Name, v.View, g.Group, g.Records, x.Name, x.Estimate.Value, x.Estimate.Low, x.Estimate.High }));
            var average = s.Weighting == GroupWeighting.Records ? "weighted-average" : "average";
            return v.Groups.Count > 1
                ? rows.Concat(v.Averages.Select(a => new object?[] { s.Name, v.View, average, v.Pooled.Matrix.Total, a.Metric, a.Value, null, null }))
                : rows;
        }));

    /// <summary>The one CSV writer (formula-guarded text, full-precision numbers, undefined values empty): record ids and flag details are untrusted text.</summary>
    public static string Csv(IReadOnlyList<string> header, IEnumerable<object?[]> rows) => CsvTableWriter.ToText(header, rows);

    public static string FileName(string name) =>
        string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-');
}
