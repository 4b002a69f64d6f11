using System.Globalization;
using System.Text;

namespace Screener.Core.Records.Formats;

/// <summary>
/// Writes exported records as RIS that RisReader (and reference managers) read back: PMID as "AN  - PMID:…",
/// multi-line abstracts as continuation lines, decisions and flags as N1 notes.
/// </summary>
public static class RisWriter
{
    public static Task WriteAsync(TextWriter output, ExportRow r)
    {
        var sb = new StringBuilder();
        Tag(sb, "TY", "JOUR");
        Tag(sb, "ID", r.ExternalId);
        Tag(sb, "TI", r.Title);
        foreach (var author in r.Authors) Tag(sb, "AU", author);
        Tag(sb, "PY", r.Year?.ToString(CultureInfo.InvariantCulture));
        Tag(sb, "T2", r.Journal);
        Tag(sb, "AB", r.Abstract);
        foreach (var keyword in r.Keywords) Tag(sb, "KW", keyword);
        Tag(sb, "DO", r.Doi);
        Tag(sb, "AN", r.Pmid is null ? null : "PMID:" + r.Pmid);
        Tag(sb, "DB", r.Source);
        foreach (var note in Notes(r)) Tag(sb, "N1", note);
        sb.Append("ER  - \n\n");
        return output.WriteAsync(sb.ToString());
    }

    private static IEnumerable<string> Notes(ExportRow r)
    {
        var d = r.Decisions;
        if (r.LabelTitleAbstract is { } ta) yield return $"Screener imported label_ta: {(ta ? 1 : 0)}";
        if (r.LabelFinal is { } fin) yield return $"Screener imported label_final: {(fin ? 1 : 0)}";
        if (r.DuplicateOfId is { } of) yield return $"Screener duplicate of record {of}";
        if (d.TitleAbstract is not null) yield return $"Screener title/abstract decision: {d.TitleAbstract}{Reason(d.TitleAbstractReason)}";
        if (d.FullText is not null) yield return $"Screener full-text decision: {d.FullText}{Reason(d.FullTextReason)}";
        if (d.LlmDecision is not null)
            yield return $"Screener LLM suggestion: {d.LlmDecision}" +
                (d.LlmConfidence is { } c ? $" (confidence {c.ToString("0.###", CultureInfo.InvariantCulture)})" : "") + Reason(d.LlmReason);
        if (d.Flags.Count > 0) yield return "Screener flags: " + string.Join("; ", d.Flags);
    }

    private static string Reason(string? reason) => reason is null ? "" : $"; reason: {reason}";

    /// <summary>Line breaks inside a value become continuation lines, which RisReader joins back with '\n'.</summary>
    private static void Tag(StringBuilder sb, string tag, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        sb.Append(tag).Append("  - ").Append(value.ReplaceLineEndings("\n")).Append('\n');
    }
}
