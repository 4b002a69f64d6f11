using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Screener.Core.Evaluation;

/// <summary>
/// The normal form under which a value or quote counts as "the same text": Unicode compatibility forms folded
/// (NFKC), case folded, every dash and hyphen variant read as a space (so "double-blind", "double- blind" and
/// "double blind" agree), other punctuation spaced apart and whitespace collapsed. Tokenised corpora such as
/// EBM-NLP put spaces around punctuation; this makes tokenised and running text agree.
/// </summary>
public static partial class TextNormaliser
{
    public static string Normalise(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (Ligatures.TryGetValue(c, out var expanded)) { builder.Append(expanded); continue; }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.DashPunctuation) builder.Append(' ');
            else if (char.IsPunctuation(c) || char.IsSymbol(c)) builder.Append(' ').Append(c).Append(' ');
            else if (char.IsWhiteSpace(c) || char.IsControl(c)) builder.Append(' ');
            else builder.Append(c);
        }
        return Whitespace().Replace(builder.ToString(), " ").Trim();
    }

    /// <summary>
    /// With InvariantGlobalization on (as in this product) .NET leaves compatibility characters as they are under
    /// NFKC, and PDF-derived abstracts are full of typographic ligatures, so those are folded here.
    /// </summary>
    private static readonly Dictionary<char, string> Ligatures = new()
    {
        ['\uFB00'] = "ff",
        ['\uFB01'] = "fi",
        ['\uFB02'] = "fl",
        ['\uFB03'] = "ffi",
        ['\uFB04'] = "ffl",
        ['\uFB05'] = "st",
        ['\uFB06'] = "st",
        ['\u00B5'] = "\u03BC",
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
