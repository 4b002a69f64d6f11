using System.Text;
using System.Text.RegularExpressions;

namespace Screener.Core.FullText;

/// <summary>
/// Turns the lines of each page (in reading order, an empty line between blocks) into page text: running headers,
/// footers and page numbers dropped, ligatures folded, words hyphenated at a line end joined, headings noted as
/// section starts. Shared by the PDF and plain-text readers.
/// </summary>
public static partial class PageLayout
{
    /// <summary>Lines at each end of a page where running headers, footers and page numbers are looked for.</summary>
    private const int EdgeLines = 2;

    public static IReadOnlyList<ParsedPage> Assemble(IReadOnlyList<IReadOnlyList<string>> pages)
    {
        var running = RunningLines(pages);
        var result = new List<ParsedPage>(pages.Count);
        for (var p = 0; p < pages.Count; p++)
        {
            var edges = EdgeIndexes(pages[p]);
            var kept = pages[p].Where((line, i) => !(edges.Contains(i) && (running.Contains(Shape(line)) || IsPageNumber(line))));
            result.Add(Page(p + 1, kept));
        }
        return result;
    }

    /// <summary>Folds the Latin ligatures (U+FB00 to U+FB06) PDFs often carry; other characters are kept as written.</summary>
    public static string FoldLigatures(string text)
    {
        if (!text.Any(c => c is >= '\uFB00' and <= '\uFB06')) return text;
        var b = new StringBuilder(text.Length + 8);
        foreach (var c in text)
            b.Append(c switch
            {
                '\uFB00' => "ff",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                '\uFB05' => "st",
                '\uFB06' => "st",
                _ => c.ToString(),
            });
        return b.ToString();
    }

    private static ParsedPage Page(int number, IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        var sections = new List<SectionStart>();
        var blockBreak = false;
        foreach (var raw in lines)
        {
            var line = FoldLigatures(raw).Trim();
            if (line.Length == 0) { blockBreak = text.Length > 0; continue; }
            if (SectionHeadings.Read(line) is { } heading)
            {
                if (text.Length > 0) text.Append(EndsHyphenated(text) ? "" : "\n\n");
                sections.Add(new SectionStart(text.Length, heading));
                text.Append(line);
                blockBreak = true;
                continue;
            }
            // A word broken at a line end ("treat-" / "ment") is joined, across a block or column break too;
            // a hyphen before a capital or a digit is kept ("COVID-" / "19" stays as printed, and so does "Type-" / "II").
            if (EndsHyphenated(text) && char.IsLower(line[0])) text.Length--;
            else if (text.Length > 0) text.Append(blockBreak ? "\n\n" : "\n");
            text.Append(line);
            blockBreak = false;
        }
        return new ParsedPage(number, text.ToString(), sections);
    }

    private static bool EndsHyphenated(StringBuilder text) =>
        text.Length >= 2 && text[^1] is '-' or '\u00AD' or '\u2010' && char.IsLetter(text[^2]);

    /// <summary>Lines at a page's edges whose shape (digits as #) recurs at the edges of at least half the pages (two at least).</summary>
    private static HashSet<string> RunningLines(IReadOnlyList<IReadOnlyList<string>> pages)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var page in pages)
            foreach (var shape in EdgeIndexes(page).Select(i => Shape(page[i])).Where(s => s.Length > 0).Distinct())
                seen[shape] = seen.GetValueOrDefault(shape) + 1;
        var needed = Math.Max(2, (pages.Count + 1) / 2);
        return seen.Where(kv => kv.Value >= needed).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<int> EdgeIndexes(IReadOnlyList<string> lines)
    {
        var content = Enumerable.Range(0, lines.Count).Where(i => lines[i].Trim().Length > 0).ToList();
        return content.Take(EdgeLines).Concat(content.TakeLast(EdgeLines)).ToHashSet();
    }

    private static string Shape(string line) => Digits().Replace(Spaces().Replace(line.Trim(), " "), "#");

    private static bool IsPageNumber(string line) => PageNumber().IsMatch(line.Trim());

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // "7", "- 7 -", "Page 7", "7 of 12", "7/12", "p. 7"
    [GeneratedRegex(@"^(?:[-\u2013\u2014]\s*)?(?:page\s+|p\.\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-\u2013\u2014])?$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();
}
