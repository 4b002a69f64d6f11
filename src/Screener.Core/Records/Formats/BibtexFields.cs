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
        record.Abstract = Get("abstract");
        if (fields.TryGetValue("author", out var authors))
            record.Authors.AddRange(SplitAuthors(authors).Select(Latex).Where(a => a.Length > 0));
        record.Year = FieldText.Year(Get("year")) ?? FieldText.Year(Get("date"));
        record.Journal = Get("journal") ?? Get("journaltitle") ?? Get("booktitle");
        record.Doi = FieldText.Doi(Get("doi")) ?? FieldText.Doi(Get("url"));
        record.Pmid = FieldText.Pmid(Get("pmid"));
        record.Keywords.AddRange(FieldText.SplitKeywords(Get("keywords")));
        return record.IsEmpty ? RecordReadResult.Fail(file, line, position, $"entry '{key}': {ParsedRecord.EmptyReason}") : RecordReadResult.Ok(record);
    }

    /// <summary>Splits on " and " outside braces: "{Heart and Estrogen/progestin Study Group}" is one (corporate) author.</summary>
    private static IEnumerable<string> SplitAuthors(string value)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '{') depth++;
            else if (value[i] == '}') depth--;
            else if (depth == 0 && AndSeparator().Match(value, i) is { Success: true, Index: var at, Length: var length } && at == i)
            {
                yield return value[start..i];
                start = i + length;
                i = start - 1;
            }
        }
        yield return value[start..];
    }

    /// <summary>Plain text from BibTeX/LaTeX: accents combined, escapes resolved, braces dropped, whitespace collapsed.</summary>
    public static string Latex(string value)
    {
        if (value.IndexOfAny(['\\', '{', '}', '~', '-']) < 0) return Whitespace().Replace(value, " ").Trim();
        var s = Accent().Replace(value, m => AccentedLetters.Combine(m.Groups[2].Value[0], Combining(m.Groups[1].Value[0])));
        s = Cedilla().Replace(s, m => AccentedLetters.Combine(m.Groups[1].Value[0], '\u0327'));
        s = s.Replace(@"\ss", "ß", StringComparison.Ordinal).Replace("---", "\u2014", StringComparison.Ordinal)
            .Replace("--", "\u2013", StringComparison.Ordinal).Replace('~', ' ');
        s = Escaped().Replace(s, "$1");
        s = s.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
        return AccentedLetters.ComposeAll(Whitespace().Replace(s, " ").Trim());
    }

    private static char Combining(char accent) => accent switch
    {
        '"' => '\u0308',
        '\'' => '\u0301',
        '`' => '\u0300',
        '^' => '\u0302',
        '~' => '\u0303',
        '=' => '\u0304',
        _ => '\u0307',
    };

    [GeneratedRegex(@"\{?\\([""'`^~=.])\s*\{?\\?([A-Za-z])\}?\}?")]
    private static partial Regex Accent();

    [GeneratedRegex(@"\\c\{([A-Za-z])\}")]
    private static partial Regex Cedilla();

    [GeneratedRegex(@"\\([&%_$#{}])")]
    private static partial Regex Escaped();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\G\s+and\s+")]
    private static partial Regex AndSeparator();
}
