namespace Screener.Core.Reviews;

/// <summary>A systematic review: one protocol (with its versions), its records and all decisions on them.</summary>
public sealed class Review
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the review was archived: read-only (no decisions, runs, imports or dedup) and left out of `reviews`; null while active.</summary>
    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>The protocol version new work is done under; older suggestions keep the hash they were made with.</summary>
    public long? CurrentProtocolVersionId { get; set; }
    public ProtocolVersion? CurrentProtocolVersion { get; set; }

    /// <summary>When `dedup` last ran on the review (whatever it found); null: never. Screening before it asks first.</summary>
    public DateTimeOffset? DeduplicatedAt { get; set; }
}

/// <summary>One exact text of a review's protocol. Every suggestion records the hash it was made under.</summary>
public sealed class ProtocolVersion
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public Review? Review { get; set; }

    /// <summary>SHA-256 of the YAML text, lower-case hex.</summary>
    public required string Hash { get; set; }
    public required string YamlText { get; set; }
    public required string SourcePath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
