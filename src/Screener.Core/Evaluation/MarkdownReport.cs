using System.Globalization;
using System.Text;

namespace Screener.Core.Evaluation;

/// <summary>The Markdown report: tables with intervals, then flags and notes. Every figure in it is also in the CSV tables.</summary>
public static class MarkdownReport
{
    /// <summary>How many flags the Markdown lists before pointing to flags.csv, which has all of them.</summary>
    public const int FlagsListed = 50;

    public static string Render(EvaluationReport report, BootstrapSettings bootstrap)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {report.Title}").AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"Truth: {report.TruthSource}. Positive = include. Intervals are 95%: Wilson for proportions ")
            .AppendLine(CultureInfo.InvariantCulture, $"(PABAK from the accuracy's), percentile bootstrap ({bootstrap.Resamples} resamples, seed {bootstrap.Seed}) for F1 and kappa. ")
            .AppendLine("n/a = undefined for these data (e.g. sensitivity with no human includes).").AppendLine();
        foreach (var set in report.Sets) Set(md, set);
        if (report.Agreement is { } a) Agreement(md, a);
        Flags(md, report);
        if (report.Notes.Count > 0)
        {
            md.AppendLine("## Notes").AppendLine();
            foreach (var note in report.Notes) md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }
        return md.ToString();
    }

    private static void Set(StringBuilder md, ScreeningEvaluation set)
    {
        var c = set.Coverage;
        md.AppendLine(CultureInfo.InvariantCulture, $"## {set.Name}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Coverage: {c.Predicted} of {c.TruthRecords} labelled records have a prediction ({Share(c.Share)}); " +
            $"{c.Missing} missing (reported, not counted as excludes); {c.Unsure} unsure.").AppendLine();
        foreach (var view in set.Views)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### {view.View}").AppendLine();
            md.AppendLine("| group | n | TP | FP | FN | TN | " + string.Join(" | ", BinaryMetrics.Names.Select(n => n.Name)) + " |");
            md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", 5 + BinaryMetrics.Names.Count)));
            var rows = view.Groups.Count > 1 ? [.. view.Groups, new GroupMetrics(ScreeningEvaluator.Pooled, view.Pooled.Matrix.Total, view.Pooled)] : view.Groups;
            foreach (var g in rows)
            {
                var m = g.Metrics.Matrix;
                md.Append(CultureInfo.InvariantCulture, $"| {g.Group} | {g.Records} | {m.TruePositives} | {m.FalsePositives} | {m.FalseNegatives} | {m.TrueNegatives} | ")
                    .AppendLine(string.Join(" | ", BinaryMetrics.Names.Select(n => n.Read(g.Metrics).Format())) + " |");
            }
            if (view.Groups.Count > 1)
                md.Append(CultureInfo.InvariantCulture, $"| average ({(set.Weighting == GroupWeighting.Records ? "weighted by n" : "unweighted")}) | | | | | | ")
                    .AppendLine(string.Join(" | ", view.Averages.Select(a => a.Value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")) + " |");
            md.AppendLine();
        }
        if (set.Rankings.Count == 0) return;
        md.AppendLine("### ranking").AppendLine();
        md.AppendLine("| group | n | relevant | WSS@95 | WSS@100 | recall@10% | recall@25% | recall@50% | records to 95% | records to 100% |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in set.Rankings)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Group} | {r.Records} | {r.Relevant} | {r.Wss95:0.000} | {r.Wss100:0.000} | {r.RecallAt10:0.000} | {r.RecallAt25:0.000} | {r.RecallAt50:0.000} | {r.RecordsTo95?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} | {r.RecordsTo100?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} |");
        md.AppendLine();
    }

    private static void Agreement(StringBuilder md, RunAgreement a)
    {
        md.AppendLine("## Run-to-run agreement").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Over the {a.Records} records every run decided: all agree on {Share(a.AllAgree)}, Fleiss' kappa {Number(a.FleissKappa)}.").AppendLine();
        md.AppendLine("| first | second | records | agreement | Cohen's kappa |").AppendLine("|---|---|---:|---:|---:|");
        foreach (var p in a.Pairs)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {p.First} | {p.Second} | {p.Records} | {Share(p.Percent)} | {Number(p.Kappa)} |");
        md.AppendLine();
    }

    private static void Flags(StringBuilder md, EvaluationReport report)
    {
        var h = report.Hallucinations;
        md.AppendLine("## Hallucination flags").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- ungrounded evidence: {h.Ungrounded} of {h.SuggestionsChecked} suggestions checked (rate {h.UngroundedRate.Format()})");
        if (h.ExtractionFieldsChecked > 0)
            md.AppendLine(CultureInfo.InvariantCulture, $"- ungrounded extracted values: {h.ExtractionFieldsUngrounded} of {h.ExtractionFieldsChecked} fields");
        md.AppendLine(CultureInfo.InvariantCulture, $"- decisions with confidence >= {h.ConfidenceThreshold:0.00} that contradict the human: {h.ConfidentContradictions}").AppendLine();
        if (report.Flags.Count == 0) return;
        md.AppendLine("| record | source | kind | detail |").AppendLine("|---|---|---|---|");
        foreach (var f in report.Flags.Take(FlagsListed))
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(f.RecordId)} | {Cell(f.Source)} | {f.Kind} | {Cell(f.Detail)} |");
        if (report.Flags.Count > FlagsListed) md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{report.Flags.Count - FlagsListed} more in flags.csv.");
        md.AppendLine();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
    private static string Share(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "n/a";
    private static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
