using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Screener.Core.Records.Formats;

/// <summary>Maps BibTeX fields to a record and turns LaTeX markup ({\"o}, \&amp;, --) into plain Unicode.</summary>
internal static partial class BibtexFields
{
    public static RecordReadResult ToRecord(Dictionary<string, string> fields, string? key, string file, int line, int position)
    {
        string? Get(string name) => fields.TryGetValue(name, out var v) && Latex(v) is { Length: > 0 } t ? t : null;
        var record = new ParsedRecord { Position = position, Line = line, ExternalId = FieldText.NullIfBlank(key) };
        record.Title = Get("title") ?? "";
        if (record.Title.Length == 0) return RecordReadResult.Fail(file, line, position, $"entry '{key}' has no title");
        record.Abstract = Get("abstract");
        if (fields.TryGetValue("author", out var authors))
            record.Authors.AddRange(AndSeparator().Split(authors).Select(Latex).Where(a => a.Length > 0));
        record.Year = FieldText.Year(Get("year")) ?? FieldText.Year(Get("date"));
        record.Journal = Get("journal") ?? Get("journaltitle") ?? Get("booktitle");
        record.Doi = FieldText.Doi(Get("doi")) ?? FieldText.Doi(Get("url"));
        record.Pmid = FieldText.Pmid(Get("pmid"));
        record.Keywords.AddRange(FieldText.SplitKeywords(Get("keywords")));
        return RecordReadResult.Ok(record);
    }

    /// <summary>Plain text from BibTeX/LaTeX: accents combined, escapes resolved, braces dropped, whitespace collapsed.</summary>
    public static string Latex(string value)
    {
        if (value.IndexOfAny(['\\', '{', '}', '~', '-']) < 0) return Whitespace().Replace(value, " ").Trim();
        var s = Accent().Replace(value, m => m.Groups[2].Value + Combining(m.Groups[1].Value[0]));
        s = Cedilla().Replace(s, m => m.Groups[1].Value + "\u0327");
        s = s.Replace(@"\ss", "ß", StringComparison.Ordinal).Replace("---", "\u2014", StringComparison.Ordinal)
            .Replace("--", "\u2013", StringComparison.Ordinal).Replace('~', ' ');
        s = Escaped().Replace(s, "$1");
        s = s.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
        return Whitespace().Replace(s, " ").Trim().Normalize(NormalizationForm.FormC);
    }

    private static string Combining(char accent) => accent switch
    {
        '"' => "\u0308",
        '\'' => "\u0301",
        '`' => "\u0300",
        '^' => "\u0302",
        '~' => "\u0303",
        '=' => "\u0304",
        '.' => "\u0307",
        _ => "",
    };

    [GeneratedRegex(@"\{?\\([""'`^~=.])\s*\{?\\?([A-Za-z])\}?\}?")]
    private static partial Regex Accent();

    [GeneratedRegex(@"\\c\{([A-Za-z])\}")]
    private static partial Regex Cedilla();

    [GeneratedRegex(@"\\([&%_$#{}])")]
    private static partial Regex Escaped();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+and\s+")]
    private static partial Regex AndSeparator();
}
