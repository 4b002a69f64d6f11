using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Screener.Core.Grounding;

/// <summary>
/// Checks that a quoted piece of evidence really occurs in the source text. Tolerant of case, whitespace,
/// line-break hyphenation, Unicode variants (dashes, quotes, ligatures, non-breaking spaces) and an
/// elided middle ("... "); not tolerant of changed words or numbers. A quote that fails is a possible hallucination.
/// </summary>
public static partial class EvidenceGrounding
{
    public static bool IsGrounded(string quote, string source)
    {
        var segments = Ellipsis().Split(TrimQuoteMarks(quote)).Select(Compact).Where(s => s.Length > 0).ToList();
        if (segments.Count == 0) return false;
        var haystack = Compact(source);
        var from = 0;
        foreach (var segment in segments)
        {
            var at = haystack.IndexOf(segment, from, StringComparison.Ordinal);
            if (at < 0) return false;
            from = at + segment.Length;
        }
        return true;
    }

    /// <summary>Canonical text: NFKC, lower case, one kind of dash and quote, no soft hyphens, joined line-break hyphenation, single spaces.</summary>
    public static string Normalize(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\uFEFF': break;
                case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' or '\uFE63' or '\uFF0D': sb.Append('-'); break;
                case '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '`' or '\u00B4': sb.Append('\''); break;
                case '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB': sb.Append('"'); break;
                default: sb.Append(char.IsWhiteSpace(c) ? ' ' : c); break;
            }
        }
        var joined = LineBreakHyphen().Replace(sb.ToString(), "$1$2");
        return Spaces().Replace(joined, " ").Trim();
    }

    /// <summary>Letters and digits only, after normalisation: hyphen, space and punctuation differences vanish.</summary>
    internal static string Compact(string text)
    {
        var n = Normalize(text);
        var sb = new StringBuilder(n.Length);
        foreach (var c in n)
            if (char.IsLetterOrDigit(c) || c == '.' && sb.Length > 0 && char.IsDigit(sb[^1])) sb.Append(c);
        // A decimal point is kept ("1.5" is not "15"); a sentence's final full stop after a number is not.
        return sb.ToString().TrimEnd('.');
    }

    /// <summary>True when the number appears in the source written as a number ("120", "1,200", "12.5", "n = 120").</summary>
    public static bool ContainsNumber(string source, double value)
    {
        foreach (Match m in Number().Matches(Normalize(source)))
        {
            var digits = m.Value.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            if (double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var found)
                && Math.Abs(found - value) <= 1e-9 * Math.Max(1, Math.Abs(value))) return true;
        }
        return false;
    }

    private static string TrimQuoteMarks(string quote) => quote.Trim().Trim('"', '\'', '\u201C', '\u201D', '\u2018', '\u2019').Trim();

    [GeneratedRegex(@"(?:\.\.\.|\u2026|\[\.\.\.\])")]
    private static partial Regex Ellipsis();

    [GeneratedRegex(@"(\p{L})- +(\p{L})")]
    private static partial Regex LineBreakHyphen();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // Thousands separators (comma or thin/regular space between groups of three) and decimals.
    [GeneratedRegex(@"(?<![\d.])-?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?(?!\d)|(?<![\d.])-?\d+(?:\.\d+)?(?!\d)")]
    private static partial Regex Number();
}
