namespace Screener.Core.Jobs;

public enum WorkItemStatus
{
    Pending,
    Running,
    Done,
    Failed,
    /// <summary>Sent in a Batch API batch (<see cref="Batch.BatchSubmission"/>): no worker claims it until the batch is applied.</summary>
    Batched,
}

/// <summary>
/// One unit of LLM work (a record for one slot of a run). Workers claim items with FOR UPDATE SKIP LOCKED;
/// an expired lease makes a crashed worker's item claimable again.
/// </summary>
public sealed class WorkItem
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public long RecordId { get; set; }
    /// <summary>The reviewer slot (screening) or "extract", and which repeat of it (1-based).</summary>
    public required string Slot { get; set; }
    public int Repeat { get; set; } = 1;

    /// <summary>Unique: the same (record, stage, slot, prompt version, model, protocol hash) is never queued twice.</summary>
    public required string IdempotencyKey { get; set; }
    public WorkItemStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
