using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Jobs;
using Screener.Core.Llm;
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
        var maxCost = MaxCostOption();
        var estimate = new Option<bool>("--estimate") { Description = "Print the calls, tokens, cost and time this would take, and make no LLM call" };
        var yes = new Option<bool>("--yes") { Description = "Start without asking when dedup has not run or a protocol edit re-screens every record" };
        var progress = new Option<bool>("--progress") { Description = "Show progress even when stdout is not a terminal (as lines on stderr)" };
        var batch = BatchOutput.Option();
        var command = new Command("screen", "Screen titles and abstracts, or with --stage fulltext the full texts of the records included at title/abstract, with the configured LLM (resumable; run again to continue)")
        {
            review, limit, slot, retry, cancel, run, stage, maxCost, estimate, yes, progress, batch,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var reviewStage = StageOption.Parse(parse.GetValue(stage));
            if (parse.GetValue(cancel))
                return await CancelAsync(cli, new CancelRunsRequest(parse.GetValue(review)!, RunStages.ScreeningOf(reviewStage), parse.GetValue(run)), token);
            if (parse.GetValue(run) is not null) throw new Core.ScreenerException("--run goes with --cancel; `screen` continues the review's run for the current protocol and settings");
            var request = new ScreenRequest(parse.GetValue(review)!, parse.GetValue(limit), parse.GetValue(slot), parse.GetValue(retry), reviewStage, parse.GetValue(maxCost),
                parse.GetValue(batch));
            var screen = cli.Services.GetRequiredService<ScreenRecords>();
            if (parse.GetValue(estimate))
            {
                cli.Report(await screen.EstimateAsync(request, token), e => EstimateOutput.Write(cli.Out, e));
                return 0;
            }
            var terminal = !cli.JsonOutput && !Console.IsOutputRedirected && cli.Out == Console.Out && !request.Batch;
            if (cli.Services.GetRequiredService<LlmOptions>().IsConfigured)
            {
                var preflight = await screen.PreflightAsync(request, token);
                if (!parse.GetValue(yes) && !Confirmed(cli, preflight, terminal)) return 0;
                // Before any work is claimed: a wrong endpoint, key or model (of any slot's provider) fails here in seconds,
                // with its cause. With --batch, the files endpoint the batch route needs (an Azure batch deployment serves no online chat).
                var check = cli.Services.GetRequiredService<LlmEndpointCheck>();
                if (await (request.Batch ? check.BatchProblemAsync(token) : check.ProblemAsync(preflight.Models, token)) is { } problem)
                    throw new Core.ScreenerException(problem);
            }
            var lines = parse.GetValue(progress) && !terminal ? new ProgressLines(cli.Error, cli.Time) : null;
            var result = terminal ? await RunWithProgressBarAsync(screen, request, token) : await screen.RunAsync(request, lines, token);
            lines?.Flush();
            await using (var db = await cli.OpenDbAsync(token))
                result = result with { Stored = (await ListRuns.RunAsync(db, request.ReviewName, result.RunId, token)).Single() };
            cli.Report(result, r =>
            {
                Write(cli.Out, r);
                if (r.Batch is { } sent) BatchOutput.Write(cli.Out, sent, $"screener screen --review {request.ReviewName} --batch");
            });
            if (result.Budget is { } budget)
            {
                await cli.Error.WriteLineAsync(BudgetLine(budget, result.Pending, $"screener screen --review {request.ReviewName}"));
                return StoppedAtCostLimit;
            }
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

    /// <summary>
    /// A start that needs a person's yes (<see cref="ScreeningConfirmations"/>): asked on a terminal (y/N); without one,
    /// refused with the line that says to add --yes. False: the person said no.
    /// </summary>
    private static bool Confirmed(CliRunner cli, ScreenPreflight preflight, bool terminal)
    {
        if (preflight.Confirmations.Count == 0) return true;
        var summary = ScreeningConfirmations.Summary(preflight.Facts, preflight.Confirmations);
        if (!terminal || Console.IsInputRedirected)
            throw new Core.ScreenerException($"{summary}; nothing was screened: add --yes to screen anyway");
        cli.Out.Write($"{summary}.\nScreen now? [y/N] ");
        if (Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes") return true;
        cli.Out.WriteLine("nothing was screened");
        return false;
    }

    /// <summary>--progress without a terminal: a line on stderr at most once a second, and the last one (<see cref="Flush"/>).</summary>
    private sealed class ProgressLines(TextWriter error, TimeProvider time) : IProgress<ScreenProgress>
    {
        private readonly Lock _lock = new();
        private long _last = long.MinValue;
        private ScreenProgress? _unwritten;

        public void Report(ScreenProgress value)
        {
            lock (_lock)
            {
                var now = time.GetTimestamp();
                if (_last != long.MinValue && time.GetElapsedTime(_last, now) < TimeSpan.FromSeconds(1))
                {
                    // Consumers report concurrently: keep the furthest state for the last line.
                    if (_unwritten is null || value.Done >= _unwritten.Done) _unwritten = value;
                    return;
                }
                _last = now;
                _unwritten = null;
                error.WriteLine("progress: " + Describe(value));
            }
        }

        public void Flush()
        {
            lock (_lock)
                if (_unwritten is { } last) error.WriteLine("progress: " + Describe(last));
        }
    }

    private static string Describe(ScreenProgress p)
    {
        var minutes = p.Elapsed.TotalMinutes;
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.Done}/{p.Total} done, {(minutes > 0 ? p.DoneNow / minutes : 0):F1} items/min, tokens {p.PromptTokens + p.CompletionTokens}, cost ${p.Cost:F4}, failed {p.Failed}, unparseable {p.Unparseable}");
    }

    /// <summary>The run reached its cost limit with work left; it is resumable like an interrupted run.</summary>
    public const int StoppedAtCostLimit = 4;

    public static Option<decimal?> MaxCostOption() => new("--max-cost")
    {
        Description = "Stop the run once it has cost this many dollars over all its invocations (overrides Llm:MaxCostPerRun); calls in flight finish, the rest stays pending. With --batch, only the items whose requests fit (priced at the batch rate) are sent",
    };

    /// <summary>The batch route applies the limit before sending (a batch cannot be stopped): what was sent, and what was not.</summary>
    public static string BudgetLine(BudgetStop budget, int pending, string rerun) => budget.Batch is { } batch
        ? string.Create(CultureInfo.InvariantCulture,
            $"stopped at the cost limit: the run has cost ${budget.Spent:F4} of its ${budget.MaxCost:F4} limit, and the {batch.Sent} request(s) sent now would cost about ${batch.SentCost:F4} more at the batch price; {batch.Pending} item(s) stay pending, not sent: raise --max-cost or Llm:MaxCostPerRun and run `{rerun} --batch` again to continue")
        : string.Create(CultureInfo.InvariantCulture,
            $"stopped at the cost limit: the run has cost ${budget.Spent:F4} of its ${budget.MaxCost:F4} limit (calls in flight finished); {pending} item(s) stay pending: raise --max-cost or Llm:MaxCostPerRun and run `{rerun}` again to continue");

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
                    task.Description = Describe(p);
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
