using System.Text.RegularExpressions;
using Screener.Core.Dedup;

namespace Screener.Core.FullText;

/// <summary>DOIs and PMIDs written in a text (a PDF's first pages, its metadata), in the normal form dedup compares.</summary>
public static partial class FullTextIdentifiers
{
    /// <summary>Pages searched for the paper's own DOI and PMID: journals print them on page 1, sometimes page 2.</summary>
    public const int IdentifierPages = 2;

    public static IReadOnlyList<string> Dois(string text) =>
        Doi().Matches(text).Select(m => DedupKeys.Doi(m.Value.TrimEnd('.', ',', ';', ')', ']', '>', '"', '\'')))
            .OfType<string>().Distinct().ToList();

    public static IReadOnlyList<string> Pmids(string text) =>
        Pmid().Matches(text).Select(m => DedupKeys.Pmid(m.Groups[1].Value)).OfType<string>().Distinct().ToList();

    // The Crossref pattern for modern DOIs: 10.<4-9 digits>/<printable, no spaces>.
    [GeneratedRegex(@"10\.\d{4,9}/[^\s""<>]+")]
    private static partial Regex Doi();

    // "PMID: 12345678", "PMID 12345678", "PubMed ID: ..."; a bare number is never read as a PMID.
    [GeneratedRegex(@"\b(?:PMID|PubMed\s+ID)\s*:?\s*(\d{1,9})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pmid();
}
