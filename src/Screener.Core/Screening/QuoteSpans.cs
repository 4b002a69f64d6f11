using System.Text;

namespace Screener.Core.Screening;

public sealed record QuoteSpan(int Start, int Length, string Label);

/// <summary>
/// Finds where an evidence quote sits in a title or abstract, tolerant of case, runs of whitespace, and Unicode
/// dash and quote variants (LLMs and PDF exports change both), so the quote can be highlighted in the original text.
/// </summary>
public static class QuoteSpans
{
    public static (int Start, int Length)? Find(string text, string quote)
    {
        var (normText, map) = Normalise(text);
        var (normQuote, _) = Normalise(quote.Trim().Trim('"', '\u201c', '\u201d', '\''));
        if (normQuote.Length == 0) return null;
        var at = normText.IndexOf(normQuote, StringComparison.Ordinal);
        if (at < 0) return null;
        var start = map[at];
        var end = map[at + normQuote.Length - 1] + 1;
        return (start, end - start);
    }

    /// <summary>Spans of all quotes found, earliest first; a span overlapping an earlier one is dropped, not nested.</summary>
    public static IReadOnlyList<QuoteSpan> FindAll(string text, IEnumerable<(string Label, string Quote)> quotes)
    {
        var found = quotes.Select(q => (q.Label, Span: Find(text, q.Quote)))
            .Where(x => x.Span is not null).Select(x => new QuoteSpan(x.Span!.Value.Start, x.Span.Value.Length, x.Label))
            .OrderBy(s => s.Start).ThenByDescending(s => s.Length).ToList();
        var kept = new List<QuoteSpan>();
        foreach (var span in found)
            if (kept.Count == 0 || span.Start >= kept[^1].Start + kept[^1].Length) kept.Add(span);
        return kept;
    }

    /// <summary>Lower-cased text with whitespace runs collapsed and look-alike characters unified; map[i] is the original index.</summary>
    private static (string Text, List<int> Map) Normalise(string text)
    {
        var sb = new StringBuilder(text.Length);
        var map = new List<int>(text.Length);
        var lastWasSpace = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace) { sb.Append(' '); map.Add(i); }
                lastWasSpace = true;
                continue;
            }
            lastWasSpace = false;
            sb.Append(c switch
            {
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' => '-',
                '\u2018' or '\u2019' => '\'',
                '\u201c' or '\u201d' => '"',
                _ => char.ToLowerInvariant(c),
            });
            map.Add(i);
        }
        if (sb.Length > 0 && sb[^1] == ' ') { sb.Length--; map.RemoveAt(map.Count - 1); }
        return (sb.ToString(), map);
    }
}
