using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Screener.Core.Grounding;

/// <summary>
/// The one normal form under which a quote, a value and its source count as "the same text": Unicode
/// compatibility forms folded (NFKC: ligatures, full-width, non-breaking spaces), case folded, line-break
/// hyphenation joined, dashes, quotes and other punctuation read as word breaks, while decimal points and
/// thousands separators inside numbers and the symbols that carry meaning (% &lt; &gt; = ± + ×) stay as tokens.
/// So "double-blind, placebo‐controlled" and "Double blind placebo controlled" agree, and "p&lt;0.05" and
/// "p &lt; 0.05" agree, but "1.5" and "15" do not. Tokenised corpora (EBM-NLP) and running text agree too.
/// </summary>
public static partial class TextNormaliser
{
    public static string Normalise(string text)
    {
        var folded = LineBreakHyphen().Replace(text.Normalize(NormalizationForm.FormKC), "$1$2").ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (char.IsLetterOrDigit(c)) builder.Append(c);
            else if (c is '.' or ',' && i > 0 && char.IsDigit(folded[i - 1]) && i + 1 < folded.Length && char.IsDigit(folded[i + 1])) builder.Append(c);
            else if (c is '%' or '<' or '>' or '=' or '±' or '+' or '×' or '≤' or '≥') Space(builder).Append(c).Append(' ');
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) { } // soft hyphens, zero-width joiners
            else Space(builder);
        }
        // Runs of breaks collapse to one space as they are written (no second pass over the text).
        if (builder.Length > 0 && builder[^1] == ' ') builder.Length--;
        return builder.ToString();
    }

    private static StringBuilder Space(StringBuilder builder) =>
        builder.Length == 0 || builder[^1] == ' ' ? builder : builder.Append(' ');

    // "treat- ment" / "treat-\nment" (a word broken at a line end, the break often already a space) reads as "treatment".
    [GeneratedRegex(@"(\p{L})[-\u2010\u00AD]\s+(\p{L})")]
    private static partial Regex LineBreakHyphen();
}
