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
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.DashPunctuation) builder.Append(' ');
            else if (char.IsPunctuation(c) || char.IsSymbol(c)) builder.Append(' ').Append(c).Append(' ');
            else if (char.IsWhiteSpace(c) || char.IsControl(c)) builder.Append(' ');
            else builder.Append(c);
        }
        return Whitespace().Replace(builder.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
