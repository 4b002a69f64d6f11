using Screener.Core.Screening;

namespace Screener.Web.Ui;

/// <summary>A piece of a text as a page shows it: plain, or an evidence quote (<see cref="Label"/>: the criterion or field it supports).</summary>
public sealed record TextSegment(string Text, string? Label)
{
    /// <summary>The text cut at each located quote (QuoteSpans), in order; the pages wrap the labelled pieces in a mark.</summary>
    public static IReadOnlyList<TextSegment> Split(string text, IEnumerable<(string Label, string Quote)> quotes)
    {
        var segments = new List<TextSegment>();
        var at = 0;
        foreach (var span in QuoteSpans.FindAll(text, quotes))
        {
            if (span.Start > at) segments.Add(new(text[at..span.Start], null));
            segments.Add(new(text.Substring(span.Start, span.Length), span.Label));
            at = span.Start + span.Length;
        }
        if (at < text.Length) segments.Add(new(text[at..], null));
        return segments;
    }
}
