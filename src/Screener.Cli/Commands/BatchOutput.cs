using System.CommandLine;
using Screener.Core.Jobs.Batch;

namespace Screener.Cli.Commands;

/// <summary>`screen --batch` and `extract --batch`: the option, and what a batch invocation tells the user to do next.</summary>
internal static class BatchOutput
{
    public static Option<bool> Option() => new("--batch")
    {
        Description = "Through the provider's Batch API (openai, azure; half price, results within 24 h): send the pending items and return; run the same command again to fetch the results",
    };

    /// <summary>Exit status 0 when another process was advancing the batches: nothing failed, there was nothing for this one to do.</summary>
    public static void Write(TextWriter o, BatchProgress p, string rerun)
    {
        if (p.AdvancedElsewhereBy is { } holder)
        {
            o.WriteLine($"run {p.RunId}'s batches are being advanced by another process ({holder}); nothing done: run `{rerun}` again later");
            return;
        }
        foreach (var b in p.Batches)
            o.WriteLine($"batch {b.BatchId ?? $"(submission {b.SubmissionId}, not created yet)"}: {b.Status ?? b.Step.ToString().ToLowerInvariant()}, {b.Requests} request(s)"
                + (b.Step == BatchSubmissionStep.Applied ? $", {b.Answered} reply(ies) stored, {b.Missing} unanswered" : ""));
        if (p.Submitted > 0)
            o.WriteLine($"sent {p.Submitted} request(s) in {p.Batches.Count} batch(es); the provider answers within 24 h: run `{rerun}` again to fetch the results (the web service's worker also does)");
        else if (p.InFlight > 0)
            o.WriteLine($"{p.InFlight} batch(es) still in progress: run `{rerun}` again later");
        if (p.Missing > 0)
            o.WriteLine($"{p.Missing} item(s) the batch did not answer are pending again: run `{rerun}` to send them in a new batch");
        // Held back by the cost limit: the budget line on stderr says so.
        if (p.Batches.Count == 0 && p.Budget is null) o.WriteLine("nothing pending to send through the Batch API");
    }
}
