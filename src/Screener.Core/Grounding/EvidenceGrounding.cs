using System.Globalization;
using System.Text.RegularExpressions;

namespace Screener.Core.Grounding;

/// <summary>
/// Checks that a quote or value really occurs in its source: as a run of whole words after
/// <see cref="TextNormaliser"/> (so case, whitespace, hyphenation, punctuation and Unicode variants do not
/// matter, changed words and numbers do), with an elided middle ("...") allowed between runs in order.
/// A quote that fails is a possible hallucination.
/// </summary>
public static partial class EvidenceGrounding
{
    public static bool IsGrounded(string quote, string source) => Prepare(source).Contains(quote);

    /// <summary>The source normalised once, for checking several quotes against it (one per criterion).</summary>
    public static GroundingSource Prepare(string source) => new(" " + TextNormaliser.Normalise(source) + " ");

    public sealed class GroundingSource
    {
        private readonly string _haystack;

        internal GroundingSource(string haystack) => _haystack = haystack;

        public bool Contains(string quote)
        {
            var segments = Ellipsis().Split(quote).Select(TextNormaliser.Normalise).Where(s => s.Length > 0).ToList();
            if (segments.Count == 0) return false;
            var from = 0;
            foreach (var segment in segments)
            {
                var at = _haystack.IndexOf(" " + segment + " ", from, StringComparison.Ordinal);
                if (at < 0) return false;
                from = at + segment.Length + 1;
            }
            return true;
        }
    }

    /// <summary>
    /// True when the number appears in the source written as a number ("120", "1,200", "12.5", "n = 120").
    /// Signs are compared loosely: a minus in a source is as often the hyphen of a range ("10-15") as a sign.
    /// </summary>
    public static bool ContainsNumber(string source, double value)
    {
        foreach (Match m in Number().Matches(source.Normalize(System.Text.NormalizationForm.FormKC)))
        {
            var digits = m.Value.Replace(",", "", StringComparison.Ordinal);
            if (double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var found)
                && Math.Abs(found - Math.Abs(value)) <= 1e-9 * Math.Max(1, Math.Abs(value))) return true;
        }
        return false;
    }

    [GeneratedRegex(@"(?:\.\.\.|\u2026|\[\.\.\.\])")]
    private static partial Regex Ellipsis();

    // Thousands separators and decimals; digits glued to letters ("HbA1c", "type2") are not numbers.
    [GeneratedRegex(@"(?<![\d.,\p{L}])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d\p{L}])|(?<![\d.,\p{L}])\d+(?:\.\d+)?(?![\d\p{L}])")]
    private static partial Regex Number();
}
