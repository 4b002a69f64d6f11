using System.CommandLine;
using System.Globalization;
using Screener.Core.Jobs;

namespace Screener.Cli.Commands;

internal static class RunsCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var command = new Command("runs", "List a review's LLM runs (screening and extraction): state, model, prompt, items, tokens and cost")
        {
            review,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var runs = await ListRuns.RunAsync(db, parse.GetValue(review)!, null, token);
            cli.Report(runs, r => Write(cli.Out, parse.GetValue(review)!, r));
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, string review, IReadOnlyList<RunSummary> runs)
    {
        if (runs.Count == 0) o.WriteLine($"review '{review}' has no LLM runs yet: `screener screen --review {review}` starts one");
        foreach (var r in runs)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {r.RunId} {r.Stage} {r.Status}: model {string.Join(", ", r.Models)}, prompt {(r.Prompts.Count == 0 ? "none yet" : string.Join(", ", r.Prompts))}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  items {r.Total}: {r.Done} done, {r.Failed} failed, {r.Pending} pending; tokens {r.PromptTokens} in ({r.CachedPromptTokens} cached) / {r.CompletionTokens} out, cost ${r.Cost:F4}"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  created {r.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, {(r.FinishedAt is { } f ? $"finished {f.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : "not finished")}"));
        }
    }
}
