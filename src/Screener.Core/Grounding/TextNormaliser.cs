using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Screener.Core.Grounding;

/// <summary>
/// The one normal form under which a quote, a value and its source count as "the same text": Unicode
/// compatibility forms folded (NFKC: ligatures, full-width, non-breaking spaces), case folded, line-break
/// hyphenation joined (but not a suspended hyphen: "short- and long-term"), dashes, quotes and other punctuation read as word breaks, while decimal points and
/// thousands separators inside numbers and the symbols that carry meaning (% &lt; &gt; = ± + ×) stay as tokens.
/// So "double-blind, placebo‐controlled" and "Double blind placebo controlled" agree, and "p&lt;0.05" and
/// "p &lt; 0.05" agree, but "1.5" and "15" do not. Tokenised corpora (EBM-NLP) and running text agree too.
/// </summary>
public static partial class TextNormaliser
{
    /// <param name="joinBrokenWords">
    /// False reads "long- term" as two words, as the text also does: whether a hyphen before a space broke one word
    /// ("treat- ment") or ends the first half of a compound ("long- term", "non- ducted") cannot be told from the
    /// text, so grounding looks for a quote under both readings (see <see cref="EvidenceGrounding.Prepare"/>).
    /// </param>
    public static string Normalise(string text, bool joinBrokenWords = true)
    {
        var kc = text.Normalize(NormalizationForm.FormKC);
        var folded = (joinBrokenWords ? LineBreakHyphen().Replace(kc, "$1$2") : kc).ToLowerInvariant();
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
    // A hyphen before a conjunction is a suspended compound, not a broken word: "short- and long-term" reads as
    // "short and long term" (joined, a quote of "and long-term" or "short and long-term" was flagged as invented).
    [GeneratedRegex(@"(\p{L})[-\u2010\u00AD]\s+(?!(?:and|or|nor|to|versus|vs|und|oder|bis|et|ou|y|e|o)\b)(\p{L})", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreakHyphen();
}
