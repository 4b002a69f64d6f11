namespace Screener.Core.Jobs;

/// <summary>
/// What a handler made of one claimed item: a row to store (the item is then done), or why it failed.
/// The runner stores it and closes the item; a handler never writes to the database itself.
/// </summary>
public sealed class WorkItemOutcome
{
    private WorkItemOutcome(ILlmRunOutput? result, string? failureCause)
    {
        Result = result;
        FailureCause = failureCause;
    }

    /// <summary>The entity to add (a suggestion, an extraction draft with its fields); null when the item failed.</summary>
    public ILlmRunOutput? Result { get; }

    public string? FailureCause { get; }

    public static WorkItemOutcome Store(ILlmRunOutput result) => new(result, null);

    public static WorkItemOutcome Fail(string cause) => new(null, cause);
}
