namespace Screener.Core.Jobs.Batch;

/// <summary>Where a submission stands on our side; each step is stored before the next is taken, so a rerun resumes it.</summary>
public enum BatchSubmissionStep
{
    /// <summary>Its items are set aside (status Batched) and its input file is written here; not uploaded yet.</summary>
    Prepared,
    /// <summary>The input file is uploaded (InputFileId); no batch recorded yet.</summary>
    Uploaded,
    /// <summary>The batch is created (BatchId); its replies are not stored yet.</summary>
    Submitted,
    /// <summary>The batch finished and every reply in it is stored; the items it did not answer are pending again.</summary>
    Applied,
}

/// <summary>
/// One Batch API batch of a run: one input file of at most Llm:Batch:MaxRequestsPerFile requests, the provider's ids
/// for the file and the batch, and what came back. Its work items are listed in <see cref="BatchSubmissionItem"/>.
/// </summary>
public sealed class BatchSubmission
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public required string Provider { get; set; }
    public BatchSubmissionStep Step { get; set; }

    /// <summary>The name the input file is uploaded under: found again by name if the upload's answer was lost.</summary>
    public required string FileName { get; set; }

    /// <summary>The JSONL input file until the batch is created (then the provider holds it).</summary>
    public string? InputJsonl { get; set; }
    public int Requests { get; set; }
    public long Bytes { get; set; }
    public string? InputFileId { get; set; }
    public string? BatchId { get; set; }

    /// <summary>The provider's last reported status (validating, in_progress, completed, expired, failed, cancelled...).</summary>
    public string? BatchStatus { get; set; }
    public string? OutputFileId { get; set; }
    public string? ErrorFileId { get; set; }

    /// <summary>Replies stored from the batch, and items it did not answer (back to pending).</summary>
    public int Answered { get; set; }
    public int Missing { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
}

/// <summary>A work item sent in a batch, under its custom_id.</summary>
public sealed class BatchSubmissionItem
{
    public long SubmissionId { get; set; }
    public long WorkItemId { get; set; }
    public required string CustomId { get; set; }
}
