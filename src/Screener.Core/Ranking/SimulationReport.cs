using System.Globalization;
using System.Text;
using Screener.Core.Exports;

namespace Screener.Core.Ranking;

/// <summary>
/// Writes a simulation's outputs: summary.md and summary.csv (median and range per dataset), runs.csv (one row per
/// seed), and per dataset the screening order with its recall curve (curve-seedN.csv) and recall-curve.svg.
/// The figures are numbers formatted here; the text cells (dataset names, record ids from the user's CSV) go
/// through the one CSV writer's cell rule, so they are quoted and formula-guarded like every other CSV.
/// </summary>
public static class SimulationReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task WriteAsync(string directory, IReadOnlyList<DatasetSimulation> results,
        IReadOnlyDictionary<string, IReadOnlyList<string>> recordIds, string settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "summary.csv"), SummaryCsv(results), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "runs.csv"), RunsCsv(results), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "summary.md"), Markdown(results, settings), cancellationToken);
        foreach (var result in results)
        {
            var folder = Path.Combine(directory, result.Dataset + (result.LlmFeature ? "-llm" : ""));
            Directory.CreateDirectory(folder);
            foreach (var run in result.Runs)
                await File.WriteAllTextAsync(Path.Combine(folder, $"curve-seed{run.Seed}.csv"), CurveCsv(run, recordIds[result.Dataset]), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "recall-curve.svg"), RecallSvg(result), cancellationToken);
        }
    }

    public static string SummaryCsv(IReadOnlyList<DatasetSimulation> results)
    {
        var sb = new StringBuilder("dataset,label_column,records,relevant,llm_feature,seeds," +
            "records_to_95_median,records_to_95_min,records_to_95_max,records_to_985_median,records_to_985_min,records_to_985_max," +
            "records_to_100_median,wss95_median,wss95_min,wss95_max,wss100_median,rrf10_median,records_per_second," +
            "aid95_screened_median,aid95_recall_median,aid95_recall_min,aid95_recall_max,aid95_never," +
            "test95_screened_median,test95_recall_median,test95_recall_min,test95_recall_max,test95_never\n");
        foreach (var r in results)
            sb.AppendLine(Inv, $"{CsvTableWriter.Cell(r.Dataset)},{CsvTableWriter.Cell(r.LabelColumn)},{r.Records},{r.Relevant},{(r.LlmFeature ? 1 : 0)},{r.Runs.Count}," +
                $"{r.RecordsTo95.Median},{r.RecordsTo95.Min},{r.RecordsTo95.Max},{r.RecordsTo985.Median},{r.RecordsTo985.Min},{r.RecordsTo985.Max}," +
                $"{r.RecordsTo100.Median},{r.Wss95.Median:F4},{r.Wss95.Min:F4},{r.Wss95.Max:F4},{r.Wss100.Median:F4},{r.Rrf10.Median:F4},{r.RecordsPerSecond:F0}," +
                $"{Blank(r.StoppingAidScreened.Median, "0.#")},{Blank(r.StoppingAidRecall.Median, "F4")},{Blank(r.StoppingAidRecall.Min, "F4")},{Blank(r.StoppingAidRecall.Max, "F4")},{(r.StoppingAidReplayed ? r.StoppingAidNever.ToString(Inv) : "")}," +
                $"{Blank(r.RecallTestScreened.Median, "0.#")},{Blank(r.RecallTestRecall.Median, "F4")},{Blank(r.RecallTestRecall.Min, "F4")},{Blank(r.RecallTestRecall.Max, "F4")},{(r.StoppingAidReplayed ? r.RecallTestNever.ToString(Inv) : "")}");
        return sb.ToString();
    }

    public static string RunsCsv(IReadOnlyList<DatasetSimulation> results)
    {
        var sb = new StringBuilder("dataset,llm_feature,seed,prior_records,retrains,records_to_95,records_to_985,records_to_100,wss95,wss100,rrf10,aid95_screened,aid95_recall,test95_screened,test95_recall\n");
        foreach (var r in results)
            foreach (var run in r.Runs)
            {
                var m = run.Metrics;
                sb.AppendLine(Inv, $"{CsvTableWriter.Cell(r.Dataset)},{(r.LlmFeature ? 1 : 0)},{run.Seed},{run.PriorRecords},{run.Retrains},{m.RecordsTo95},{m.RecordsTo985},{m.RecordsTo100},{m.Wss95:F4},{m.Wss100:F4},{m.Rrf10:F4}," +
                    $"{run.StoppingAid95?.Screened},{run.StoppingAid95?.TrueRecall:F4},{run.RecallTest95?.Screened},{run.RecallTest95?.TrueRecall:F4}");
            }
        return sb.ToString();
    }

    public static string Markdown(IReadOnlyList<DatasetSimulation> results, string settings)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Active-learning simulation").AppendLine().AppendLine(settings).AppendLine();
        sb.AppendLine("Median [min-max] over seeds. Records to r% recall count every screened record, the prior ones included.").AppendLine();
        sb.AppendLine("| dataset | labels | records | includes | LLM feature | to 95% recall | to 98.5% recall | WSS@95 | WSS@100 | RRF@10 | records/s |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
            sb.AppendLine(Inv, $"| {r.Dataset} | {r.LabelColumn} | {r.Records} | {r.Relevant} | {(r.LlmFeature ? "yes" : "no")} | " +
                $"{Count(r.RecordsTo95)} | {Count(r.RecordsTo985)} | {Percent(r.Wss95)} | {r.Wss100.Median * 100:F1}% | {r.Rrf10.Median * 100:F1}% | {r.RecordsPerSecond:F0} |");
        if (results.Any(r => r.StoppingAidReplayed))
        {
            sb.AppendLine().AppendLine("Stopping aid: when its estimated recall first reached 95% (checked after each retrain), and when the recall test " +
                "first rejected \"recall below 95%\" at 95% confidence (checked after each record): records screened and the true recall then " +
                "(median [min-max] over the seeds where it did; \"never\": seeds where it did not before the end).").AppendLine();
            sb.AppendLine("| dataset | records | screened when the estimate said 95% | true recall then | never | screened when the recall test passed | true recall then | never |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var r in results.Where(r => r.StoppingAidReplayed))
                sb.AppendLine(Inv, $"| {r.Dataset} | {r.Records} | {(double.IsNaN(r.StoppingAidScreened.Median) ? "-" : Count(r.StoppingAidScreened))} | " +
                    $"{(double.IsNaN(r.StoppingAidRecall.Median) ? "-" : Percent(r.StoppingAidRecall))} | {r.StoppingAidNever} | " +
                    $"{(double.IsNaN(r.RecallTestScreened.Median) ? "-" : Count(r.RecallTestScreened))} | " +
                    $"{(double.IsNaN(r.RecallTestRecall.Median) ? "-" : Percent(r.RecallTestRecall))} | {r.RecallTestNever} |");
        }
        return sb.ToString();
    }

    private static string Blank(double value, string format) => double.IsNaN(value) ? "" : value.ToString(format, Inv);

    private static string Count(Spread s) => string.Create(Inv, $"{s.Median:0.#} [{s.Min:0}-{s.Max:0}]");

    private static string Percent(Spread s) => string.Create(Inv, $"{s.Median * 100:F1}% [{s.Min * 100:F1}-{s.Max * 100:F1}]");

    public static string CurveCsv(SimulationRun run, IReadOnlyList<string> recordIds)
    {
        var sb = new StringBuilder("screened,found,recall,record_id,relevant\n");
        for (var k = 0; k < run.Order.Count; k++)
        {
            var p = run.Metrics.Curve[k + 1];
            sb.AppendLine(Inv, $"{p.Screened},{p.Found},{p.Recall:F4},{CsvTableWriter.Cell(recordIds[run.Order[k]])},{(p.Found > run.Metrics.Curve[k].Found ? 1 : 0)}");
        }
        return sb.ToString();
    }

    /// <summary>Recall against the share of records screened, one line per seed, with random screening as the diagonal.</summary>
    public static string RecallSvg(DatasetSimulation result)
    {
        const int size = 400, pad = 40;
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size + 2 * pad}\" height=\"{size + 2 * pad}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.AppendLine(Inv, $"<rect x=\"{pad}\" y=\"{pad}\" width=\"{size}\" height=\"{size}\" fill=\"none\" stroke=\"#888\"/>");
        sb.AppendLine(Inv, $"<line x1=\"{pad}\" y1=\"{pad + size}\" x2=\"{pad + size}\" y2=\"{pad}\" stroke=\"#bbb\" stroke-dasharray=\"4\"/>");
        foreach (var run in result.Runs)
        {
            var n = Math.Max(1, run.Metrics.Records);
            var points = run.Metrics.Curve.Where((_, k) => k % Math.Max(1, n / 400) == 0 || k == n)
                .Select(p => string.Create(Inv, $"{pad + size * (double)p.Screened / n:F1},{pad + size * (1 - p.Recall):F1}"));
            sb.AppendLine(Inv, $"<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-opacity=\"0.6\" points=\"{string.Join(' ', points)}\"/>");
        }
        sb.AppendLine(Inv, $"<text x=\"{pad}\" y=\"{pad - 10}\">{result.Dataset}: recall vs records screened ({result.Runs.Count} seeds)</text>");
        sb.AppendLine(Inv, $"<text x=\"{pad + size / 2 - 40}\" y=\"{pad + size + 28}\">share screened</text>");
        sb.AppendLine(Inv, $"<text x=\"8\" y=\"{pad + size / 2}\">recall</text>");
        sb.AppendLine("</svg>");
        return sb.ToString();
    }
}
