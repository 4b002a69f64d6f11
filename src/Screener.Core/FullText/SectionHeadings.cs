using System.Text.RegularExpressions;

namespace Screener.Core.FullText;

/// <summary>
/// Whether a line of a paper is a section heading: the usual IMRaD names (numbered or not, any case, with or
/// without a colon), or a short numbered title ("2.3 Model development"). Body lines that start with a number are
/// kept out by requiring few words, a capital first letter and no closing full stop.
/// </summary>
public static partial class SectionHeadings
{
    private const int MaxHeadingLength = 80;
    private const int MaxNumberedHeadingWords = 7;

    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "abstract", "summary", "background", "introduction", "objective", "objectives", "aim", "aims", "methods", "method",
        "methodology", "materials and methods", "material and methods", "methods and materials", "patients and methods",
        "study design", "statistical analysis", "results", "findings", "discussion", "results and discussion",
        "conclusion", "conclusions", "limitations", "strengths and limitations", "references", "bibliography",
        "acknowledgements", "acknowledgments", "funding", "appendix", "supplementary material", "data availability",
        "conflicts of interest", "conflict of interest", "competing interests", "declarations", "keywords",
    };

    /// <summary>The heading's title (numbering kept, trailing colon removed) when <paramref name="line"/> is one.</summary>
    public static string? Read(string line)
    {
        var text = line.Trim();
        if (text.Length is 0 or > MaxHeadingLength) return null;
        var title = text.TrimEnd(':').Trim();
        var match = Numbering().Match(title);
        var words = match.Success ? title[match.Length..].Trim() : title;
        if (Known.Contains(words.TrimEnd('.'))) return title.TrimEnd('.');
        if (!match.Success || words.Length == 0 || !char.IsUpper(words[0]) || words.EndsWith('.')) return null;
        var count = words.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return count <= MaxNumberedHeadingWords && !words.Any(char.IsDigit) ? title : null;
    }

    // "2", "2.", "2.3", "2.3.1", "IV." followed by a space.
    [GeneratedRegex(@"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.)\s+")]
    private static partial Regex Numbering();
}
