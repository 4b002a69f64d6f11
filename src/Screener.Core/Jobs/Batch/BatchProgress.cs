namespace Screener.Core.Jobs.Batch;

/// <summary>One batch of the run as this invocation left it: the provider's status and what was stored from it.</summary>
public sealed record BatchState(long SubmissionId, string? BatchId, BatchSubmissionStep Step, string? Status, int Requests, int Answered, int Missing);

/// <summary>
/// What a `--batch` invocation did: items sent in new batches, replies stored (through the run's own handler) and
/// items a finished batch left unanswered (pending again: the next `--batch` sends them).
/// </summary>
public sealed record BatchProgress(int Submitted, int Stored, int Missing, IReadOnlyList<BatchState> Batches)
{
    /// <summary>Batches still with the provider (validating, in progress, finalizing).</summary>
    public int InFlight => Batches.Count(b => b.Step != BatchSubmissionStep.Applied);
}
