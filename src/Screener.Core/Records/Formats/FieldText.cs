using System.Text.RegularExpressions;

namespace Screener.Core.Records.Formats;

/// <summary>How the readers turn raw field text into record values, the same way for every format.</summary>
public static partial class FieldText
{
    /// <summary>The first plausible publication year in a date field ("2003///", "2021 Mar 4", "c2019").</summary>
    public static int? Year(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var match = YearPattern().Match(value);
        return match.Success ? int.Parse(match.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>A DOI without its resolver prefix ("https://doi.org/", "doi:"); null when the text holds no DOI.</summary>
    public static string? Doi(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var match = DoiPattern().Match(value);
        return match.Success ? match.Value.TrimEnd('.', ',', ';') : null;
    }

    /// <summary>A PubMed id as digits; null when the text holds no id.</summary>
    public static string? Pmid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var match = PmidPattern().Match(value);
        return match.Success ? match.Groups[1].Value.TrimStart('0') is { Length: > 0 } digits ? digits : null : null;
    }

    /// <summary>
    /// An include/exclude label by <see cref="LabelValues"/>; no label is unknown (null). Returns false for anything else
    /// (unsure included: a record is imported with a decided label or none), so the record is reported instead of guessed.
    /// </summary>
    public static bool TryLabel(string? value, out bool? label)
    {
        label = null;
        switch (LabelValues.Read(value))
        {
            case LabelValue.Missing: return true;
            case LabelValue.Include: label = true; return true;
            case LabelValue.Exclude: label = false; return true;
            default: return false;
        }
    }

    /// <summary>Authors in one cell: "A; B; C" (ASReview, our CSVs) or BibTeX-style "A and B".</summary>
    public static IEnumerable<string> SplitAuthors(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        var parts = value.Contains(';', StringComparison.Ordinal) ? value.Split(';') : AndSeparator().Split(value);
        return parts.Select(p => p.Trim()).Where(p => p.Length > 0);
    }

    public static IEnumerable<string> SplitKeywords(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return [];
        var separator = value.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        return value.Split(separator).Select(p => p.Trim()).Where(p => p.Length > 0);
    }

    /// <summary>Whitespace runs (line breaks included) as single spaces, trimmed.</summary>
    public static string OneLine(string value) =>
        value.AsSpan().IndexOfAny("\n\r\t") < 0 && !value.Contains("  ", StringComparison.Ordinal) ? value.Trim() : Whitespace().Replace(value, " ").Trim();

    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"10\.\d{4,9}/\S+", RegexOptions.IgnoreCase)]
    private static partial Regex DoiPattern();

    [GeneratedRegex(@"^\s*(?:pmid|pubmed(?:\s*id)?)?\s*[:=]?\s*(\d{1,9})\s*(?:\[[a-z]+\])?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PmidPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();
}
