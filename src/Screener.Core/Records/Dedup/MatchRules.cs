namespace Screener.Core.Records.Dedup;

/// <summary>When two records that share a key really are the same work, and how sure we are.</summary>
internal static class MatchRules
{
    /// <summary>The match score in [0, 1], or null when the pair must not be merged.</summary>
    public static double? Score(DedupKeyed a, DedupKeyed b, DuplicateReason reason, DedupSettings settings)
    {
        if (ConflictingIdentifiers(a, b)) return null;
        switch (reason)
        {
            // Identifiers win over titles: the same PMID carries an original-language title in one database
            // and the English translation in another (measured on SYNERGY vs Cohen).
            case DuplicateReason.Doi or DuplicateReason.Pmid:
                return 1.0;
            case DuplicateReason.TitleYearAuthor:
                return TitleCompatible(a, b, 0, settings) ? 1.0 : null;
            default:
                if (!TitleCompatible(a, b, settings.MaxYearGap, settings)) return null;
                var score = TitleSimilarity.Jaccard(a.Trigrams, b.Trigrams);
                var shortTitle = Math.Min(a.TitleKey.Length, b.TitleKey.Length) < settings.ShortFuzzyTitleLength;
                return score >= (shortTitle ? settings.ShortFuzzyTitleThreshold : settings.FuzzyTitleThreshold) ? score : null;
        }
    }

    /// <summary>Two different DOIs (unless one is a preprint's) or two different PMIDs name two different works.</summary>
    private static bool ConflictingIdentifiers(DedupKeyed a, DedupKeyed b) =>
        a.Pmid is not null && b.Pmid is not null && a.Pmid != b.Pmid
        || a.Doi is not null && b.Doi is not null && a.Doi != b.Doi && !DedupKeys.IsPreprintDoi(a.Doi) && !DedupKeys.IsPreprintDoi(b.Doi);

    private static bool TitleCompatible(DedupKeyed a, DedupKeyed b, int maxYearGap, DedupSettings settings)
    {
        if (a.Numbers != b.Numbers || a.IsNotice != b.IsNotice) return false;
        var yearsKnown = a.Candidate.Year is not null && b.Candidate.Year is not null;
        if (yearsKnown && Math.Abs(a.Candidate.Year!.Value - b.Candidate.Year!.Value) > maxYearGap) return false;
        var authorsKnown = a.FirstAuthor is not null && b.FirstAuthor is not null;
        if (authorsKnown && !SameAuthor(a.FirstAuthor!, b.FirstAuthor!)) return false;
        var shortTitle = Math.Min(a.TitleKey.Length, b.TitleKey.Length) < settings.MinTitleLength;
        return !shortTitle || yearsKnown && authorsKnown;
    }

    /// <summary>"delignieres" and "lignieres" are the same surname with and without its particle.</summary>
    private static bool SameAuthor(string a, string b) =>
        a == b || a.Length >= 4 && b.Length >= 4 && (a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal));
}
