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

    /// <summary>
    /// The source normalised once, for checking several quotes against it (one per criterion). A hyphen before a
    /// space is read both ways, as a broken word joined ("treat- ment" = "treatment") and as written ("long- term" =
    /// "long term"), and a quote passes when it occurs under either reading: every real substring of the text passes.
    /// </summary>
    public static GroundingSource Prepare(string source)
    {
        var joined = " " + TextNormaliser.Normalise(source) + " ";
        var asWritten = " " + TextNormaliser.Normalise(source, joinBrokenWords: false) + " ";
        return new GroundingSource(joined == asWritten ? [joined] : [joined, asWritten]);
    }

    public sealed class GroundingSource
    {
        private readonly string[] _readings;

        internal GroundingSource(string[] readings) => _readings = readings;

        public bool Contains(string quote)
        {
            foreach (var joinBrokenWords in new[] { true, false })
            {
                var segments = Ellipsis().Split(quote).Select(s => TextNormaliser.Normalise(s, joinBrokenWords)).Where(s => s.Length > 0).ToList();
                if (segments.Count == 0) return false;
                if (_readings.Any(h => ContainsInOrder(h, segments))) return true;
            }
            return false;
        }

        private static bool ContainsInOrder(string haystack, List<string> segments)
        {
            var from = 0;
            foreach (var segment in segments)
            {
                var at = haystack.IndexOf(" " + segment + " ", from, StringComparison.Ordinal);
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
