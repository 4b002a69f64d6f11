namespace Screener.Core.Dedup;

/// <summary>When two records that share a key really are the same work, and how sure we are.</summary>
internal static class MatchRules
{
    /// <summary>
    /// The match score in [0, 1], or null when the pair must not be merged. A pair that <see cref="GroupCompatibility"/>
    /// keeps apart never matches, whatever the rule; title rules also need equal numbers and notice status.
    /// </summary>
    public static double? Score(DedupKeyed a, DedupKeyed b, DuplicateReason reason, DedupSettings settings)
    {
        if (GroupCompatibility.Conflict(a, b, settings) is not null) return null;
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

    private static bool TitleCompatible(DedupKeyed a, DedupKeyed b, int maxYearGap, DedupSettings settings)
    {
        if (a.Numbers != b.Numbers || a.IsNotice != b.IsNotice) return false;
        var yearsKnown = a.Candidate.Year is not null && b.Candidate.Year is not null;
        if (yearsKnown && Math.Abs(a.Candidate.Year!.Value - b.Candidate.Year!.Value) > maxYearGap) return false;
        var authorsKnown = a.FirstAuthor is not null && b.FirstAuthor is not null;
        var shortTitle = Math.Min(a.TitleKey.Length, b.TitleKey.Length) < settings.MinTitleLength;
        return !shortTitle || yearsKnown && authorsKnown;
    }
}
