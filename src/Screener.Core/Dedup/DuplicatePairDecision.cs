namespace Screener.Core.Dedup;

public enum PairVerdict
{
    /// <summary>The two records are one work: dedup merges them.</summary>
    Same,

    /// <summary>The two records are different works: dedup never puts them in one group.</summary>
    NotSame,
}

public enum PairDecisionOrigin
{
    /// <summary>`dedup --merge` or `dedup --not-duplicate`.</summary>
    Person,

    /// <summary>`dedup --undo`: an undone merge is remembered as "not the same", so the next run does not make it again.</summary>
    UndoneMerge,
}

/// <summary>
/// What a person said about two records, kept so that every later dedup run respects it. RecordIdA is the smaller id.
/// Withdrawing a decision (`dedup --forget ID`) sets WithdrawnAt; the row stays as the record of what was said.
/// </summary>
public sealed class DuplicatePairDecision
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public long RecordIdA { get; set; }
    public long RecordIdB { get; set; }
    public PairVerdict Verdict { get; set; }
    public PairDecisionOrigin Origin { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
}
