namespace Screener.Core.Dedup;

/// <summary>
/// What dedup needs to know about one record. HasDecisions: humans already decided on it, so it is preferred as
/// the record kept (its decisions stay on the record PRISMA counts). DuplicateOfId: the record it was merged into
/// by an earlier run; such records take part only so that a group stays compatible as a whole.
/// AbstractShingles: <see cref="DedupKeys.AbstractShingles"/> of its abstract (null when it has none).
/// </summary>
public sealed record DedupCandidate(
    long Id,
    long SourceId,
    string Title,
    IReadOnlyList<string> Authors,
    int? Year,
    string? Journal,
    string? Doi,
    string? Pmid,
    bool HasAbstract,
    int KeywordCount,
    bool KeepsDuplicates,
    bool HasDecisions = false,
    long? DuplicateOfId = null,
    int[]? AbstractShingles = null)
{
    /// <summary>How many of the mergeable fields the record has: the most complete record of a group is kept.</summary>
    public int Completeness =>
        (HasAbstract ? 1 : 0) + (Authors.Count > 0 ? 1 : 0) + (Year is null ? 0 : 1) + (Journal is null ? 0 : 1)
        + (Doi is null ? 0 : 1) + (Pmid is null ? 0 : 1) + (KeywordCount > 0 ? 1 : 0);
}

/// <summary>
/// One duplicate found: the rule that decided it and how similar. MatchedWithId is the record the rule compared
/// it with: the kept record, or (when the kept record alone does not match it) the member of the group that did.
/// </summary>
public sealed record DuplicateMatch(long KeptId, long DuplicateId, DuplicateReason Reason, double Score, long? MatchedWithId = null)
{
    public long MatchedWith => MatchedWithId ?? KeptId;
}

/// <summary>A record prepared for matching: its normal forms, computed once.</summary>
internal sealed class DedupKeyed(DedupCandidate candidate)
{
    public DedupCandidate Candidate { get; } = candidate;
    public string? Doi { get; } = DedupKeys.Doi(candidate.Doi);
    public string? Pmid { get; } = DedupKeys.Pmid(candidate.Pmid);
    public string TitleWords { get; } = DedupKeys.Title(candidate.Title);
    public string? FirstAuthor { get; } = DedupKeys.FirstAuthor(candidate.Authors);

    /// <summary>The title without spaces, so "COVID-19" and "COVID19" compare equal.</summary>
    public string TitleKey => _titleKey ??= TitleWords.Replace(" ", "", StringComparison.Ordinal);
    private string? _titleKey;

    public long[] Trigrams => _trigrams ??= TitleSimilarity.Trigrams(TitleKey);
    private long[]? _trigrams;

    /// <summary>
    /// A letter, comment, reply, erratum or retraction notice quotes the title of the paper it is about: it must
    /// not merge with that paper (measured: "Regarding: “The association between …” [letter]").
    /// </summary>
    public bool IsNotice => _isNotice ??= TitleWords.Split(' ').Any(NoticeWords.Contains);
    private bool? _isNotice;

    private static readonly HashSet<string> NoticeWords = new(StringComparer.Ordinal)
    {
        "letter", "comment", "commentary", "reply", "response", "erratum", "errata", "correction", "corrigendum", "retraction",
        "retracted", "regarding", "re", "editorial",
    };

    /// <summary>The numbers in the title ("part 2", "5-year results"): titles that differ only there are different works.</summary>
    public string Numbers => _numbers ??= TitleSimilarity.Numbers(TitleWords);
    private string? _numbers;
}
