using System.Text;

namespace Screener.Core.Records.Formats;

/// <summary>Parses the text of one BibTeX entry: "@type{key, field = {value} # "text" # macro, ...}".</summary>
internal static class BibtexEntryParser
{
    /// <summary>The record, an error, or null for entries that are not records (@string, @comment, @preamble).</summary>
    public static RecordReadResult? Parse(string text, Dictionary<string, string> macros, string file, int line, int position)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var open = text.IndexOf('{', at);
        var type = text[(at + 1)..open].Trim().ToLowerInvariant();
        if (type is "comment" or "preamble") return null;
        var body = text[(open + 1)..text.LastIndexOf('}')];
        var i = 0;
        string? key = null;
        if (type != "string")
        {
            var comma = body.IndexOf(',', StringComparison.Ordinal);
            key = (comma < 0 ? body : body[..comma]).Trim();
            i = comma < 0 ? body.Length : comma + 1;
        }
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (i < body.Length)
        {
            SkipSpaceAndCommas(body, ref i);
            if (i >= body.Length) break;
            var eq = body.IndexOf('=', i);
            if (eq < 0) return RecordReadResult.Fail(file, line, position, $"expected 'name = value' after '{Clip(body[i..])}'");
            var name = body[i..eq].Trim();
            i = eq + 1;
            if (!TryReadValue(body, ref i, macros, out var value, out var error))
                return RecordReadResult.Fail(file, line, position, $"field '{name}': {error}");
            fields[name] = value;
        }
        if (type == "string")
        {
            foreach (var (name, value) in fields) macros[name] = value;
            return null;
        }
        return BibtexFields.ToRecord(fields, key, file, line, position);
    }

    private static bool TryReadValue(string s, ref int i, Dictionary<string, string> macros, out string value, out string error)
    {
        var result = new StringBuilder();
        value = "";
        error = "";
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i >= s.Length) { error = "missing value"; return false; }
            var start = s[i];
            var ok = start switch
            {
                '{' => ReadDelimited(s, ref i, '}', result),
                '"' => ReadDelimited(s, ref i, '"', result),
                _ => ReadBare(s, ref i, macros, result),
            };
            if (!ok)
            {
                error = start is '{' or '"' ? $"unclosed '{start}'" : $"unexpected '{Clip(s[i..])}'";
                return false;
            }
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i < s.Length && s[i] == '#') { i++; continue; }
            value = result.ToString();
            return true;
        }
    }

    /// <summary>Reads {...} (nested braces) or "..." (braces inside may hold quotes); keeps inner braces for the LaTeX decoder.</summary>
    private static bool ReadDelimited(string s, ref int i, char close, StringBuilder into)
    {
        var depth = 0;
        for (var j = i + 1; j < s.Length; j++)
        {
            var c = s[j];
            if (c == '\\' && j + 1 < s.Length) { into.Append(c).Append(s[++j]); continue; }
            if (depth == 0 && c == close) { i = j + 1; return true; }
            if (c == '{') depth++;
            else if (c == '}') depth--;
            into.Append(c);
        }
        return false;
    }

    private static bool ReadBare(string s, ref int i, Dictionary<string, string> macros, StringBuilder into)
    {
        var start = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '-' or ':' or '.' or '+' or '/')) i++;
        if (i == start) return false;
        var word = s[start..i];
        into.Append(macros.TryGetValue(word, out var expanded) ? expanded : word);
        return true;
    }

    private static void SkipSpaceAndCommas(string s, ref int i)
    {
        while (i < s.Length && (char.IsWhiteSpace(s[i]) || s[i] == ',')) i++;
    }

    private static string Clip(string s) => s.Length > 30 ? s[..30] + "..." : s.Trim();
}
