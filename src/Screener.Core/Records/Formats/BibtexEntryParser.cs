using System.Text;

namespace Screener.Core.Records.Formats;

/// <summary>Parses the text of one BibTeX entry: "@type{key, field = {value} # "text" # macro, ...}".</summary>
internal static class BibtexEntryParser
{
    /// <summary>The record, an error, or null for entries that are not records (@string, @comment, @preamble).</summary>
    public static RecordReadResult? Parse(string text, BibtexMacros macros, string file, int line, int position)
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
        var depths = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        while (i < body.Length)
        {
            SkipSpaceAndCommas(body, ref i);
            if (i >= body.Length) break;
            var eq = body.IndexOf('=', i);
            if (eq < 0) return RecordReadResult.Fail(file, line, position, $"expected 'name = value' after '{Clip(body[i..])}'");
            var name = body[i..eq].Trim();
            i = eq + 1;
            if (!TryReadValue(body, ref i, macros, out var value, out var depth, out var error))
                return RecordReadResult.Fail(file, line, position, $"field '{name}': {error}");
            fields[name] = value;
            depths[name] = depth;
        }
        if (type == "string")
        {
            foreach (var (name, value) in fields)
                if (macros.Define(name, value, depths[name] + 1) is { } refused) return RecordReadResult.Fail(file, line, position, refused);
            return null;
        }
        return BibtexFields.ToRecord(fields, key, file, line, position);
    }

    /// <summary>Reads a value and concatenations ("a" # macro); depth: how deep the macros it uses nest.</summary>
    private static bool TryReadValue(string s, ref int i, BibtexMacros macros, out string value, out int depth, out string error)
    {
        var result = new StringBuilder();
        value = "";
        error = "";
        depth = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            if (i >= s.Length) { error = "missing value"; return false; }
            var start = s[i];
            var ok = start switch
            {
                '{' => ReadDelimited(s, ref i, '}', result),
                '"' => ReadDelimited(s, ref i, '"', result),
                _ => ReadBare(s, ref i, macros, result, ref depth),
            };
            if (!ok)
            {
                error = start is '{' or '"' ? $"unclosed '{start}'" : $"unexpected '{Clip(s[i..])}'";
                return false;
            }
            if (result.Length > BibtexMacros.MaxValueLength)
            {
                error = $"the value (with its @string macros expanded) is longer than {BibtexMacros.MaxValueLength:N0} characters";
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

    private static bool ReadBare(string s, ref int i, BibtexMacros macros, StringBuilder into, ref int depth)
    {
        var start = i;
        while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '-' or ':' or '.' or '+' or '/')) i++;
        if (i == start) return false;
        var word = s[start..i];
        if (!macros.TryGet(word, out var expanded, out var macroDepth)) expanded = word;
        depth = Math.Max(depth, macroDepth);
        // Checked before appending, so an oversized expansion is never built.
        if (into.Length + expanded.Length <= BibtexMacros.MaxValueLength + 1) into.Append(expanded);
        else into.Append(expanded.AsSpan(0, BibtexMacros.MaxValueLength + 1 - into.Length));
        return true;
    }

    private static void SkipSpaceAndCommas(string s, ref int i)
    {
        while (i < s.Length && (char.IsWhiteSpace(s[i]) || s[i] == ',')) i++;
    }

    private static string Clip(string s) => s.Length > 30 ? s[..30] + "..." : s.Trim();
}
