namespace Screener.Core.Dedup;

/// <summary>The thresholds of duplicate detection. Defaults were measured on the SYNERGY vs Cohen copies (see eval/records-dedup.md).</summary>
public sealed record DedupSettings
{
    /// <summary>Trigram Jaccard at or above which two titles are the same work (default 0.85: one-word changes and typos pass, sibling papers do not).</summary>
    public double FuzzyTitleThreshold { get; init; } = 0.85;

    /// <summary>
    /// Fuzzy threshold for titles shorter than <see cref="ShortFuzzyTitleLength"/> (default 0.92): dropping two words of a
    /// short title ("Suicide and attempted suicide among the aged" / "Attempted suicide among the aged") is a different work.
    /// </summary>
    public double ShortFuzzyTitleThreshold { get; init; } = 0.92;

    /// <summary>Titles (letters and digits only) shorter than this (default 50) use <see cref="ShortFuzzyTitleThreshold"/>.</summary>
    public int ShortFuzzyTitleLength { get; init; } = 50;

    /// <summary>Largest year difference for a fuzzy match (default 1: a preprint or online-first year before the issue year).</summary>
    public int MaxYearGap { get; init; } = 1;

    /// <summary>Titles shorter than this (default 25 characters, e.g. "Editorial", "Reply") match only with equal year and first author.</summary>
    public int MinTitleLength { get; init; } = 25;

    /// <summary>Largest blocking group compared pair by pair (default 50): keeps fuzzy matching linear in practice.</summary>
    public int MaxBlockSize { get; init; } = 50;

    /// <summary>How many rare title words of each record are used as blocking keys (default 3).</summary>
    public int BlockingWords { get; init; } = 3;

    /// <summary>
    /// When both records have an abstract, the least share of the shorter one's word pairs found in the other for a
    /// title-based match (default 0.5): similar titles over different abstracts are two papers (measured in
    /// eval/records-dedup.md; a truncated or reformatted copy of the same abstract scores above 0.8).
    /// </summary>
    public double MinAbstractContainment { get; init; } = 0.5;

    /// <summary>Abstracts with fewer word pairs than this (default 10: "No abstract available") are not compared.</summary>
    public int MinAbstractShingles { get; init; } = 10;

    /// <summary>
    /// How many times one run looks again at the groups it formed (default 4): merged fields and smaller blocks can
    /// reveal new pairs, which a later run would otherwise find. The result says when the last pass still found some.
    /// </summary>
    public int MaxPasses { get; init; } = 4;

    public static DedupSettings Default { get; } = new();
}
