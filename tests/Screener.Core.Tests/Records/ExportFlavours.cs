using System.Text;
using Screener.Core.Records.Formats;

namespace Screener.Core.Tests.Records;

/// <summary>
/// Writes real records the way other tools export them, quirks included, so the readers are tested on what
/// they meet: EndNote's "Y1 - 2003///" and JF, Scopus's T2 and DOI URLs, Zotero's PubMed AN, PubMed's
/// wrapped MEDLINE lines, BibTeX's LaTeX accents and braces.
/// </summary>
internal static class ExportFlavours
{
    public static string EndNoteRis(IEnumerable<ParsedRecord> records) => Ris(records, (sb, r) =>
    {
        Line(sb, "T1", r.Title);
        foreach (var a in r.Authors) Line(sb, "A1", a);
        Line(sb, "Y1", r.Year is { } y ? $"{y}///" : null);
        Line(sb, "JF", r.Journal);
        Line(sb, "N2", r.Abstract);
        Line(sb, "M3", r.Doi is null ? null : "doi: " + r.Doi);
        Line(sb, "DO", r.Doi);
        Line(sb, "N1", r.Pmid is null ? null : $"PMID: {r.Pmid}");
    });

    public static string ScopusRis(IEnumerable<ParsedRecord> records) => Ris(records, (sb, r) =>
    {
        Line(sb, "TI", r.Title);
        foreach (var a in r.Authors) Line(sb, "AU", a);
        Line(sb, "PY", r.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(sb, "T2", r.Journal);
        Line(sb, "AB", r.Abstract);
        Line(sb, "UR", r.Doi is null ? "https://www.scopus.com/inward/record.uri?eid=2-s2.0-1" : "https://doi.org/" + r.Doi);
        Line(sb, "C2", r.Pmid is null ? null : r.Pmid);
    });

    public static string ZoteroRis(IEnumerable<ParsedRecord> records) => Ris(records, (sb, r) =>
    {
        Line(sb, "TI", r.Title);
        foreach (var a in r.Authors) Line(sb, "AU", a);
        Line(sb, "DA", r.Year is { } y ? $"{y}/03/01/" : null);
        Line(sb, "PY", r.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(sb, "JO", r.Journal);
        Line(sb, "AB", r.Abstract);
        Line(sb, "DO", r.Doi);
        Line(sb, "AN", r.Pmid);
        Line(sb, "DB", "PubMed");
    });

    public static string Medline(IEnumerable<ParsedRecord> records)
    {
        var sb = new StringBuilder();
        foreach (var r in records)
        {
            Wrapped(sb, "PMID", r.Pmid ?? "0");
            Wrapped(sb, "TI", r.Title);
            Wrapped(sb, "AB", r.Abstract);
            foreach (var a in r.Authors) Wrapped(sb, "FAU", a);
            Wrapped(sb, "DP", r.Year is { } y ? $"{y} Mar" : null);
            Wrapped(sb, "JT", r.Journal);
            Wrapped(sb, "LID", r.Doi is null ? null : r.Doi + " [doi]");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string Bibtex(IEnumerable<ParsedRecord> records)
    {
        var sb = new StringBuilder("% exported for tests\n@string{jr = \"Journal\"}\n\n");
        var n = 0;
        foreach (var r in records)
        {
            sb.Append($"@article{{key{++n},\n  title = {{{{{Latex(r.Title)}}}}},\n");
            if (r.Authors.Count > 0) sb.Append($"  author = {{{string.Join(" and ", r.Authors.Select(a => a.Contains(" and ", StringComparison.Ordinal) ? $"{{{Latex(a)}}}" : Latex(a)))}}},\n");
            if (r.Year is { } y) sb.Append($"  year = {y},\n");
            if (r.Journal is not null) sb.Append($"  journal = \"{Latex(r.Journal)}\",\n");
            if (r.Abstract is not null) sb.Append($"  abstract = {{{Latex(r.Abstract)}}},\n");
            if (r.Doi is not null) sb.Append($"  doi = {{{r.Doi.Replace("_", "\\_", StringComparison.Ordinal)}}},\n");
            if (r.Pmid is not null) sb.Append($"  pmid = {{{r.Pmid}}}\n");
            sb.Append("}\n\n");
        }
        return sb.ToString();
    }

    private static readonly Dictionary<char, string> LatexAccents = new[]
        {
            ("äëïöüÄËÏÖÜ", "\\\""), ("áéíóúÁÉÍÓÚ", "\\'"), ("àèìòùÀÈÌÒÙ", "\\`"), ("âêîôûÂÊÎÔÛ", "\\^"),
        }
        .SelectMany(g => g.Item1.Select(c => (c, g.Item2)))
        .ToDictionary(p => p.c, p => p.Item2);

    private static readonly string Plain = "aeiouAEIOU";

    /// <summary>LaTeX as reference managers write it: {\"o} accents, escaped specials.</summary>
    public static string Latex(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (LatexAccents.TryGetValue(c, out var accent))
            {
                var group = "äëïöüÄËÏÖÜáéíóúÁÉÍÓÚàèìòùÀÈÌÒÙâêîôûÂÊÎÔÛ".IndexOf(c, StringComparison.Ordinal) % 10;
                sb.Append('{').Append(accent).Append(Plain[group]).Append('}');
            }
            else if (c is '&' or '%' or '_' or '#' or '$') sb.Append('\\').Append(c);
            else if (c is '{' or '}' or '\\' or '~') sb.Append(' ');
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static string Ris(IEnumerable<ParsedRecord> records, Action<StringBuilder, ParsedRecord> fields)
    {
        var sb = new StringBuilder();
        foreach (var r in records)
        {
            sb.Append("TY  - JOUR\r\n");
            fields(sb, r);
            sb.Append("ER  - \r\n\r\n");
        }
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string tag, string? value)
    {
        if (value is not null) sb.Append(tag).Append("  - ").Append(value.ReplaceLineEndings(" ")).Append("\r\n");
    }

    /// <summary>PubMed wraps values at 80 columns with six-space continuation lines.</summary>
    private static void Wrapped(StringBuilder sb, string tag, string? value)
    {
        if (value is null) return;
        var words = value.ReplaceLineEndings(" ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = new StringBuilder(tag.PadRight(4) + "- ");
        foreach (var w in words)
        {
            if (line.Length + w.Length > 80 && line.Length > 6) { sb.Append(line).Append('\n'); line.Clear().Append("      "); }
            line.Append(w).Append(' ');
        }
        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
