namespace Screener.Core.FullText;

/// <summary>A section heading found at <paramref name="Offset"/> characters into its page's text.</summary>
public sealed record SectionStart(int Offset, string Title);

/// <summary>One page as read; text before the page's first section start belongs to the section of the pages before.</summary>
public sealed record ParsedPage(int Number, string Text, IReadOnlyList<SectionStart> Sections);

/// <summary>Identifiers the file states about itself outside its page text (PDF document information, JATS article-meta).</summary>
public sealed record StatedIdentifiers(string? Title, IReadOnlyList<string> Dois, IReadOnlyList<string> Pmids)
{
    public static readonly StatedIdentifiers None = new(null, [], []);
}

/// <summary>
/// What a reader made of one file: its pages, or why there are none. LeadLines: the first lines of page 1 as read,
/// before running lines were dropped (a title repeated as the running header is still the title), for title matching.
/// </summary>
public sealed record ParsedFullText(FullTextSourceKind Kind, FullTextStatus Status, string? Reason, IReadOnlyList<ParsedPage> Pages,
    StatedIdentifiers Stated, IReadOnlyList<string> LeadLines)
{
    /// <summary>Lines of page 1 kept for title matching: a title, authors and affiliations come first.</summary>
    public const int LeadLineCount = 12;

    public static ParsedFullText Failed(FullTextSourceKind kind, string reason) => new(kind, FullTextStatus.Failed, reason, [], StatedIdentifiers.None, []);
}
