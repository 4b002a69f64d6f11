using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Jobs;
using Screener.Core.Screening;
using Spectre.Console;

namespace Screener.Cli.Commands;

internal static class ScreenCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Screen at most N records (each by every slot and repeat of the protocol, or of --slot) in this invocation" };
        var slot = new Option<string?>("--slot") { Description = "Only this reviewer slot of the protocol" };
        var retry = new Option<bool>("--retry-failed") { Description = "Put items that failed earlier back in the queue first" };
        var cancel = new Option<bool>("--cancel") { Description = "Cancel the review's unfinished screening runs (workers stop claiming; `screen` again resumes)" };
        var run = new Option<long?>("--run") { Description = "With --cancel: only this run" };
        var stage = StageOption.Create();
        var command = new Command("screen", "Screen titles and abstracts, or with --stage fulltext the full texts of the records included at title/abstract, with the configured LLM (resumable; run again to continue)")
        {
            review, limit, slot, retry, cancel, run, stage,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var reviewStage = StageOption.Parse(parse.GetValue(stage));
            if (parse.GetValue(cancel))
                return await CancelAsync(cli, new CancelRunsRequest(parse.GetValue(review)!, RunStages.ScreeningOf(reviewStage), parse.GetValue(run)), token);
            if (parse.GetValue(run) is not null) throw new Core.ScreenerException("--run goes with --cancel; `screen` continues the review's run for the current protocol and settings");
            var request = new ScreenRequest(parse.GetValue(review)!, parse.GetValue(limit), parse.GetValue(slot), parse.GetValue(retry), reviewStage);
            var screen = cli.Services.GetRequiredService<ScreenRecords>();
            var result = cli.JsonOutput || Console.IsOutputRedirected || cli.Out != Console.Out
                ? await screen.RunAsync(request, null, token)
                : await RunWithProgressBarAsync(screen, request, token);
            await using (var db = await cli.OpenDbAsync(token))
                result = result with { Stored = (await ListRuns.RunAsync(db, request.ReviewName, result.RunId, token)).Single() };
            cli.Report(result, r => Write(cli.Out, r));
            return ExitCode(result);
        }));
        return command;
    }

    private static async Task<int> CancelAsync(CliRunner cli, CancelRunsRequest request, CancellationToken ct)
    {
        await using var db = await cli.OpenDbAsync(ct);
        var cancelled = await CancelRuns.RunAsync(db, request, cli.Time, ct);
        cli.Report(cancelled, runs =>
        {
            if (runs.Count == 0) cli.Out.WriteLine($"review '{request.ReviewName}' has no unfinished screening run");
            foreach (var r in runs)
                cli.Out.WriteLine($"run {r.RunId} ({r.Model}) cancelled: {r.Unfinished} item(s) not done stay pending; `screener screen --review {request.ReviewName}` resumes it");
        });
        return 0;
    }

    // Failures are recorded with their cause, so a run that finished with some failures is not an error exit.
    private static int ExitCode(ScreenResult result) => result.Processed > 0 && result.Failed == result.Processed ? 1 : 0;

    private static async Task<ScreenResult> RunWithProgressBarAsync(ScreenRecords screen, ScreenRequest request, CancellationToken ct) =>
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("screening", maxValue: 1);
                var progress = new Progress<ScreenProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    var rate = p.Elapsed.TotalSeconds > 0 ? p.Done / p.Elapsed.TotalSeconds : 0;
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"{p.Done}/{p.Total} {rate:F1}/s tokens {p.PromptTokens + p.CompletionTokens} cost ${p.Cost:F4} failed {p.Failed} unparseable {p.Unparseable}");
                });
                return await screen.RunAsync(request, progress, ct);
            });

    private static void Write(TextWriter o, ScreenResult r)
    {
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {r.RunId} ({string.Join(", ", r.Models)}): {r.Processed} screened now in {r.Seconds:F1} s: {r.Suggested} suggested, {r.Unparseable} unparseable, {r.Failed} failed"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"this invocation: tokens {r.PromptTokens} in / {r.CompletionTokens} out, cost ${r.Cost:F4}"));
        var stored = r.Stored is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"; tokens {r.Stored.PromptTokens} in / {r.Stored.CompletionTokens} out, cost ${r.Stored.Cost:F4} over all its invocations");
        o.WriteLine($"run total: {r.DoneTotal}/{r.WorkItems} done, {r.FailedTotal} failed, {r.Pending} pending{stored}");
        foreach (var failure in r.FailureSamples) o.WriteLine($"  failure: {failure}");
        if (r.Pending > 0) o.WriteLine("  run `screener screen` again to continue");
        if (r.FailedTotal > 0) o.WriteLine("  `screener screen --retry-failed` retries the failed items");
    }
}
