using Screener.Core.Grounding;

namespace Screener.Core.Screening;

public enum QuotePlace
{
    /// <summary>No quote was given (an "unclear" verdict for lack of information).</summary>
    NoQuote,

    /// <summary>The quote is on the page the reply cited.</summary>
    OnCitedPage,

    /// <summary>The quote is in the paper, but not on the page cited (or no page was cited): flagged, not a hallucination.</summary>
    OnOtherPage,

    /// <summary>The quote is on no page of the paper: a possible hallucination.</summary>
    NotFound,
}

public sealed record QuoteLocation(QuotePlace Place, int? FoundOnPage)
{
    public bool Grounded => Place is QuotePlace.NoQuote or QuotePlace.OnCitedPage or QuotePlace.OnOtherPage;
}

/// <summary>
/// Grounds a quote against the page it cites, with the same tolerant matching as abstract quotes
/// (<see cref="EvidenceGrounding"/>: whitespace, case, hyphenation, Unicode variants). Pure.
/// </summary>
public sealed class PageGrounding
{
    private readonly IReadOnlyList<(int Page, EvidenceGrounding.GroundingSource Text)> _pages;

    public PageGrounding(IEnumerable<(int Page, string Text)> pages) =>
        _pages = pages.Select(p => (p.Page, EvidenceGrounding.Prepare(p.Text))).ToList();

    public QuoteLocation Locate(string quote, int? citedPage)
    {
        if (string.IsNullOrWhiteSpace(quote)) return new QuoteLocation(QuotePlace.NoQuote, null);
        if (citedPage is { } cited && _pages.FirstOrDefault(p => p.Page == cited) is { Text: { } page } && page.Contains(quote))
            return new QuoteLocation(QuotePlace.OnCitedPage, cited);
        foreach (var (number, text) in _pages)
            if (number != citedPage && text.Contains(quote)) return new QuoteLocation(QuotePlace.OnOtherPage, number);
        return new QuoteLocation(QuotePlace.NotFound, null);
    }
}
