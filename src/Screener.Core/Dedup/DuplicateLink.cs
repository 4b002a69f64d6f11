namespace Screener.Core.Dedup;

public enum DuplicateReason
{
    Doi,
    Pmid,
    TitleYearAuthor,
    FuzzyTitle,

    /// <summary>A person said the two records are the same (`dedup --merge`).</summary>
    Person,
}

/// <summary>A logged dedup merge: the duplicate points at the kept record; undoing restores both as they were.</summary>
public sealed class DuplicateLink
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public long KeptRecordId { get; set; }
    public long DuplicateRecordId { get; set; }
    public DuplicateReason Reason { get; set; }

    /// <summary>
    /// The record the rule compared the duplicate with, when not the kept record itself (the kept record alone does
    /// not match it; the group does, every pair in it compatible). Null: the rule matched duplicate and kept record.
    /// </summary>
    public long? MatchedRecordId { get; set; }

    /// <summary>Similarity in [0, 1]; 1 for exact identifier matches.</summary>
    public double Score { get; set; }

    /// <summary>Fields copied into the kept record from the duplicate, as JSON {field: previous value}, so undo can restore them.</summary>
    public string MergedFieldsJson { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }
}
