namespace Screener.Core.Jobs;

/// <summary>
/// A run stopped early because something other than the LLM failed (usually the database). Everything saved is
/// kept and unfinished items were handed back: running the same command again continues the run.
/// </summary>
public sealed class WorkInterruptedException(Exception cause)
    : Exception($"the run was interrupted ({cause.GetType().Name}: {cause.Message}); work saved so far is kept: run the same command again to continue", cause);
