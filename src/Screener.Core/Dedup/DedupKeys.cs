using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Screener.Core.Records;

namespace Screener.Core.Dedup;

/// <summary>
/// Normal forms that make the same work look the same across databases: DOIs without resolver prefix or case,
/// PMIDs as bare digits, titles without markup, entities, accents, dash variants, punctuation or case.
/// </summary>
public static partial class DedupKeys
{
    /// <summary>DOI prefixes of preprint servers: a preprint and its journal version carry different DOIs.</summary>
    private static readonly string[] PreprintDoiPrefixes =
        ["10.1101/", "10.48550/", "10.21203/", "10.2139/ssrn", "10.20944/preprints", "10.31234/", "10.31219/", "10.31235/", "10.36227/techrxiv", "10.26434/chemrxiv"];

    public static string? Doi(string? doi)
    {
        if (string.IsNullOrWhiteSpace(doi)) return null;
        var s = WebUtility.UrlDecode(doi.Trim()).ToLowerInvariant();
        var at = s.IndexOf("10.", StringComparison.Ordinal);
        return at < 0 ? null : s[at..].TrimEnd('.', ',', ';', ' ');
    }

    public static bool IsPreprintDoi(string normalisedDoi) =>
        PreprintDoiPrefixes.Any(p => normalisedDoi.StartsWith(p, StringComparison.Ordinal));

    public static string? Pmid(string? pmid)
    {
        if (string.IsNullOrWhiteSpace(pmid)) return null;
        var digits = new string(pmid.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits.Length == 0 ? null : digits;
    }

    /// <summary>The title as lower-case words of letters and digits separated by single spaces.</summary>
    public static string Title(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) return "";
        var s = title.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(WebUtility.HtmlDecode(title)) : title;
        if (s.Contains('<', StringComparison.Ordinal)) s = Markup().Replace(s, " ");
        var buffer = s.Length <= 256 ? stackalloc char[s.Length * 2] : new char[s.Length * 2];
        var n = 0;
        var space = true;
        foreach (var c in s)
        {
            if (c < 128)
            {
                if (char.IsAsciiLetterOrDigit(c)) { buffer[n++] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c; space = false; }
                else if (!space) { buffer[n++] = ' '; space = true; }
                continue;
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            if (AccentedLetters.Unaccented(c) is { } plain)
            {
                if (n + plain.Length > buffer.Length) break;
                foreach (var p in plain) buffer[n++] = char.ToLowerInvariant(p);
                space = false;
            }
            else if (char.IsLetterOrDigit(c)) { buffer[n++] = char.ToLowerInvariant(c); space = false; }
            else if (!space) { buffer[n++] = ' '; space = true; }
        }
        if (n > 0 && buffer[n - 1] == ' ') n--;
        return new string(buffer[..n]);
    }

    /// <summary>
    /// The first author's surname in lower-case letters: "Carr, A S", "A S Carr" and "Carr AS" all give "carr".
    /// </summary>
    public static string? FirstAuthor(IReadOnlyList<string> authors)
    {
        if (authors.Count == 0) return null;
        var name = authors[0].Trim();
        string surname;
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0) surname = name[..comma];
        else
        {
            var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) return null;
            var initialsLast = words.Length > 1 && words[^1].Length <= 3 && words[^1].All(char.IsUpper) && !words[0].All(char.IsUpper);
            surname = initialsLast ? string.Join(' ', words[..^1]) : words[^1];
        }
        var key = Title(surname).Replace(" ", "", StringComparison.Ordinal);
        return key.Length == 0 ? null : key;
    }

    /// <summary>
    /// The abstract as a sorted set of hashed word pairs, from its first <paramref name="maxWords"/> words (so a copy whose
    /// abstract was cut short is contained in the full one), or null when it has fewer than two words.
    /// </summary>
    public static int[]? AbstractShingles(string? abstractText, int maxWords = 150)
    {
        if (string.IsNullOrWhiteSpace(abstractText)) return null;
        var words = Title(abstractText).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) return null;
        var count = Math.Min(words.Length, maxWords);
        var hashes = new int[count - 1];
        var previous = Fnv(words[0]);
        for (var i = 1; i < count; i++)
        {
            var current = Fnv(words[i]);
            hashes[i - 1] = unchecked(previous * 16777619 ^ current);
            previous = current;
        }
        return hashes.Distinct().Order().ToArray();
    }

    /// <summary>How many values two ascending, distinct arrays share (one merge pass).</summary>
    internal static int CommonSorted<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : IComparable<T>
    {
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            var order = a[i].CompareTo(b[j]);
            if (order == 0) { common++; i++; j++; }
            else if (order < 0) i++;
            else j++;
        }
        return common;
    }

    /// <summary>The share of the smaller shingle set found in the larger one: 1 for a truncated copy, near 0 for another paper.</summary>
    public static double AbstractContainment(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        return CommonSorted<int>(a, b) / (double)Math.Min(a.Length, b.Length);
    }

    /// <summary>FNV-1a: a hash that is the same in every process, so measurements repeat.</summary>
    private static int Fnv(string word)
    {
        var h = unchecked((int)2166136261);
        foreach (var c in word) h = unchecked((h ^ c) * 16777619);
        return h;
    }

    [GeneratedRegex("<[^>]{0,100}>")]
    private static partial Regex Markup();
}
