namespace Screener.Core.Dedup;

/// <summary>
/// Whether two records may end up in one duplicate group, whatever linked them. A group is merged only when every
/// pair in it passes, so a copy that lacks the fields telling two papers apart (no DOI, year or authors) cannot
/// chain them together: different DOIs (unless one is a preprint's), different PMIDs, years further apart than
/// <see cref="DedupSettings.MaxYearGap"/>, different first authors, or (for records sharing no identifier) two
/// abstracts that differ beyond <see cref="DedupSettings.MinAbstractContainment"/> keep them apart.
/// </summary>
internal static class GroupCompatibility
{
    /// <summary>Why the two records are different works, or null when nothing says so.</summary>
    public static string? Conflict(DedupKeyed a, DedupKeyed b, DedupSettings settings)
    {
        if (a.Pmid is not null && b.Pmid is not null && a.Pmid != b.Pmid) return "different PMIDs";
        if (a.Doi is not null && b.Doi is not null && a.Doi != b.Doi && !DedupKeys.IsPreprintDoi(a.Doi) && !DedupKeys.IsPreprintDoi(b.Doi))
            return "different DOIs";
        if (a.Candidate.Year is { } ya && b.Candidate.Year is { } yb && Math.Abs(ya - yb) > settings.MaxYearGap) return "years too far apart";
        if (a.FirstAuthor is not null && b.FirstAuthor is not null && !SameAuthor(a.FirstAuthor, b.FirstAuthor)) return "different first authors";
        var sharedIdentifier = a.Doi is not null && a.Doi == b.Doi || a.Pmid is not null && a.Pmid == b.Pmid;
        return !sharedIdentifier && DifferentAbstracts(a, b, settings) ? "different abstracts" : null;
    }

    /// <summary>Both abstracts long enough to judge, and too little of the shorter found in the longer.</summary>
    public static bool DifferentAbstracts(DedupKeyed a, DedupKeyed b, DedupSettings settings) =>
        a.Candidate.AbstractShingles is { } sa && b.Candidate.AbstractShingles is { } sb
        && Math.Min(sa.Length, sb.Length) >= settings.MinAbstractShingles
        && DedupKeys.AbstractContainment(sa, sb) < settings.MinAbstractContainment;

    /// <summary>"delignieres" and "lignieres" are the same surname with and without its particle.</summary>
    public static bool SameAuthor(string a, string b) =>
        a == b || a.Length >= 4 && b.Length >= 4 && (a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal));
}
