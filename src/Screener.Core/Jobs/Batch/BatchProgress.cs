namespace Screener.Core.Jobs.Batch;

/// <summary>One batch of the run as this invocation left it: the provider's status and what was stored from it.</summary>
public sealed record BatchState(long SubmissionId, string? BatchId, BatchSubmissionStep Step, string? Status, int Requests, int Answered, int Missing);

/// <summary>
/// What a `--batch` invocation did: items sent in new batches, replies stored (through the run's own handler) and
/// items a finished batch left unanswered (pending again: the next `--batch` sends them).
/// </summary>
public sealed record BatchProgress(long RunId, int Submitted, int Stored, int Missing, IReadOnlyList<BatchState> Batches)
{
    /// <summary>Batches still with the provider (validating, in progress, finalizing).</summary>
    public int InFlight => Batches.Count(b => b.Step != BatchSubmissionStep.Applied);

    /// <summary>
    /// Set when another process was advancing the run's batches at that moment, so this invocation did nothing: who
    /// ("host:pid"), or "another process" when its name could not be read.
    /// </summary>
    public string? AdvancedElsewhereBy { get; init; }

    /// <summary>Set when the run's cost limit kept some or all pending items from being sent (they stay pending).</summary>
    public BudgetStop? Budget { get; init; }

    public static BatchProgress AdvancedElsewhere(long runId, string? holder) =>
        new(runId, 0, 0, 0, []) { AdvancedElsewhereBy = holder ?? "another process" };
}
