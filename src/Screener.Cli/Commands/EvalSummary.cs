using System.Globalization;
using Screener.Core.Evaluation;

namespace Screener.Cli.Commands;

/// <summary>The one-screen summary of `screener eval`: pooled figures per prediction set, averages, ranking, agreement, flags.</summary>
internal static class EvalSummary
{
    public static void Write(TextWriter o, EvaluationReport report, IReadOnlyList<string> files)
    {
        o.WriteLine(report.Title);
        o.WriteLine($"truth: {report.TruthSource}; 95% intervals in brackets");
        foreach (var set in report.Sets)
        {
            var c = set.Coverage;
            o.WriteLine();
            o.WriteLine($"{set.Name}: {c.Predicted}/{c.TruthRecords} predicted, {c.Missing} missing, {c.Unsure} unsure");
            foreach (var view in set.Views)
            {
                var m = view.Pooled;
                o.WriteLine($"  {view.View,-18} TP {m.Matrix.TruePositives} FP {m.Matrix.FalsePositives} FN {m.Matrix.FalseNegatives} TN {m.Matrix.TrueNegatives}");
                o.WriteLine($"    sensitivity {m.Sensitivity.Format()}  specificity {m.Specificity.Format()}  precision {m.Precision.Format()}");
                o.WriteLine($"    accuracy {m.Accuracy.Format()}  F1 {m.F1.Format()}  kappa {m.Kappa.Format()}  PABAK {m.Pabak.Format()}");
                if (view.Groups.Count > 1)
                    o.WriteLine($"    {(set.Weighting == GroupWeighting.Records ? "weighted" : "unweighted")} average over {view.Groups.Count} groups: "
                        + string.Join("  ", view.Averages.Select(a => $"{a.Metric} {(a.Value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")}")));
            }
            foreach (var r in set.Rankings)
                o.WriteLine($"  ranking {r.Group}: WSS@95 {r.Wss95:0.000}  WSS@100 {r.Wss100:0.000}  recall@10% {r.RecallAt10:0.000}  records to 95% {r.RecordsTo95?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} of {r.Records}");
        }
        if (report.Agreement is { } a)
            o.WriteLine($"\nrun-to-run: {a.Records} records, all agree {Share(a.AllAgree)}, Fleiss kappa {Number(a.FleissKappa)}; "
                + string.Join("; ", a.Pairs.Select(p => $"{p.First} vs {p.Second} {Share(p.Percent)} kappa {Number(p.Kappa)}")));
        var h = report.Hallucinations;
        o.WriteLine();
        o.WriteLine(h.SuggestionsChecked == 0 ? "flags: no grounding flags to count (no flags column / no suggestions)"
            : $"flags: {h.Ungrounded} of {h.SuggestionsChecked} suggestions have ungrounded evidence ({h.UngroundedRate.Format()})");
        if (h.ExtractionFieldsChecked > 0) o.WriteLine($"flags: {h.ExtractionFieldsUngrounded} of {h.ExtractionFieldsChecked} extracted fields ungrounded");
        o.WriteLine($"flags: {h.ConfidentContradictions} confident (>= {h.ConfidenceThreshold:0.00}) contradictions of the human decision");
        foreach (var note in report.Notes) o.WriteLine($"note: {note}");
        if (files.Count > 0) o.WriteLine($"report: {Path.GetDirectoryName(files[0])} ({files.Count} files)");
    }

    private static string Share(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "n/a";
    private static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
