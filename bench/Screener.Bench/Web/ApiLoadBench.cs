using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Screener.Bench.Screening;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.Web;

namespace Screener.Bench.Web;

/// <summary>
/// `api-load [--records N] [--clients K] [--decisions D] [--think-ms T] [--no-screening | --screening-process] [--seconds S]
/// [--warmup-seconds W] [--delay-ms M] [--concurrency C]`: the real web host on loopback with K reviewers (default 50), each deciding D distinct records
/// (default 100) one after another through PUT /api/reviews/{id}/records/{record}/decision with its API key, pausing
/// T ms between decisions (default 0: a closed loop, every client always waiting on a request, which measures
/// saturation; a person takes seconds per abstract), while a screening run of the same N records (default 5,000;
/// loopback LLM after M ms, C calls at a time) writes suggestions: inside the web host's process by default (as its
/// screening worker does), or with --screening-process in a separate `screener screen` process (the CLI's Release
/// build), as a deployment that keeps screening workers apart from the web host runs it. With W > 0 the reviewers
/// first decide other records for W seconds while the screening runs, unmeasured, so the figures are a warm server's
/// (a web host serves for weeks; its first seconds JIT-compile the decision path). Prints throughput, latency and errors.
/// </summary>
internal static class ApiLoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = ScreenBenchSetup.Arg(args, "--records", 5_000);
        var clients = ScreenBenchSetup.Arg(args, "--clients", 50);
        var perClient = ScreenBenchSetup.Arg(args, "--decisions", 100);
        var limit = TimeSpan.FromSeconds(ScreenBenchSetup.Arg(args, "--seconds", 120));
        var delayMs = ScreenBenchSetup.Arg(args, "--delay-ms", 200);
        var concurrency = ScreenBenchSetup.Arg(args, "--concurrency", 32);
        var thinkMs = ScreenBenchSetup.Arg(args, "--think-ms", 0);
        var warmupSeconds = ScreenBenchSetup.Arg(args, "--warmup-seconds", 0);
        var screen = !args.Contains("--no-screening");
        var screenApart = screen && args.Contains("--screening-process");
        Console.WriteLine($"api-load: {clients} reviewers x {perClient} decisions over loopback, {thinkMs} ms between a reviewer's decisions, " +
            (screen ? $"while screening {records:N0} records {(screenApart ? "in a separate process" : "in the web host's process")} (LLM reply after {delayMs} ms, {concurrency} at a time)" : "no screening run") +
            $"; {ScreenBenchSetup.Machine()}; web host, screening, LLM server and clients share the cores");
        await using var setup = await ScreenBenchSetup.CreateAsync("screener_bench_api", records, ScreenBench.ImportBenchOption(args));
        var (reviewId, _) = await setup.AddReviewAsync("bench");
        var keys = await SeedReviewersAsync(setup, clients);
        List<long> recordIds;
        await using (var db = setup.Open())
            recordIds = await db.Records.Where(r => r.ReviewId == reviewId).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();

        var web = await StartWebHostAsync(setup.ConnectionString);
        await using var server = await ScreenBenchSetup.StartLlmAsync(delayMs);
        await using var services = ScreenBench.Services(setup.ConnectionString, server.OpenAIEndpoint(), concurrency);
        try
        {
            var baseAddress = new Uri(web.Urls.First());
            var http = keys.Select(key => Client(baseAddress, key)).ToList();
            foreach (var client in http) (await client.GetAsync(new Uri("/api/reviews", UriKind.Relative))).EnsureSuccessStatusCode(); // warm-up, not counted

            var clock = Stopwatch.StartNew();
            Task<int>? screening = !screen ? null
                : screenApart ? ScreenWorkersBench.RunWorkerAsync(ScreenWorkersBench.CliPath(), "bench", setup.ConnectionString, server.OpenAIEndpoint(), concurrency)
                : ScreenInProcessAsync(services);
            if (warmupSeconds > 0)
            {
                // Records no measured decision touches: those after the clients' measured shares.
                var spare = recordIds.Skip(clients * perClient).ToList();
                if (spare.Count < clients) throw new InvalidOperationException($"--warmup-seconds needs more than {clients * perClient:N0} records (--records)");
                var warm = new LoadRecorder();
                var warmClock = Stopwatch.StartNew();
                await Task.WhenAll(http.Select((client, c) => Task.Run(() => DecideAsync(client, reviewId,
                    spare.Skip(c * (spare.Count / clients)).Take(spare.Count / clients).ToList(), thinkMs, warm, warmClock, TimeSpan.FromSeconds(warmupSeconds)))));
                var warmLatencies = warm.SortedLatencies();
                Print($"  warm-up (not measured): {warmLatencies.Length:N0} decisions in {warmClock.Elapsed.TotalSeconds:F1} s, p50 {Pct(warmLatencies, 0.50):F1} ms, p99 {Pct(warmLatencies, 0.99):F1} ms, errors {warm.Errors}");
            }
            var before = await SuggestionsAsync(setup);
            var load = new LoadRecorder();
            var deadline = Stopwatch.StartNew();
            await Task.WhenAll(http.Select((client, c) => Task.Run(() => DecideAsync(client, reviewId,
                recordIds.Skip(c * perClient).Take(perClient).ToList(), thinkMs, load, deadline, limit))));
            deadline.Stop();
            var after = await SuggestionsAsync(setup);
            int? screened = screening is null ? null : await screening;
            var screeningSeconds = clock.Elapsed.TotalSeconds;
            var stored = await SuggestionsAsync(setup);

            var latencies = load.SortedLatencies();
            Print($"  requests {latencies.Length:N0} in {deadline.Elapsed.TotalSeconds:F2} s = {latencies.Length / deadline.Elapsed.TotalSeconds:F1} decisions/s; errors {load.Errors} (non-2xx or exception)");
            Print($"  latency ms p50 {Pct(latencies, 0.50):F1}, p95 {Pct(latencies, 0.95):F1}, p99 {Pct(latencies, 0.99):F1}, max {(latencies.Length == 0 ? 0 : latencies[^1]):F1} (target p99 < 200 ms: {(Pct(latencies, 0.99) < 200 ? "met" : "missed")})");
            Console.WriteLine("  by 10-second window (completion time): " + string.Join("; ", load.Windows(10)));
            foreach (var sample in load.ErrorSamples) Console.WriteLine($"    error: {sample}");
            if (screened is not null)
                Print($"  screening meanwhile: {before:N0} suggestions when the clients started, {after:N0} when they finished; the run then ended with {stored:N0} stored ({screened:N0} screened) after {screeningSeconds:F1} s");
            var decisions = await setup.ScalarAsync("SELECT count(*) FROM \"HumanDecisions\"");
            Print($"  human decisions stored {decisions:N0}; {ScreenBenchSetup.Machine()}");
            foreach (var client in http) client.Dispose();
            return load.Errors == 0 && decisions == latencies.Length ? 0 : 1;
        }
        finally
        {
            await web.StopAsync();
            await web.DisposeAsync();
        }
    }

    private static async Task<int> ScreenInProcessAsync(ServiceProvider services) =>
        (await services.GetRequiredService<ScreenRecords>().RunAsync(new ScreenRequest("bench"), null, CancellationToken.None)).Processed;

    private static async Task DecideAsync(
        HttpClient client, long reviewId, List<long> records, int thinkMs, LoadRecorder load, Stopwatch clock, TimeSpan limit)
    {
        // Reviewers start spread over one think time, as people do, not in lock step.
        if (thinkMs > 0) await Task.Delay(Random.Shared.Next(thinkMs));
        foreach (var record in records)
        {
            if (clock.Elapsed > limit) return;
            object body = record % 2 == 0 ? new { decision = "include" } : new { decision = "exclude", exclusionReason = "not human data" };
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await client.PutAsJsonAsync(new Uri($"/api/reviews/{reviewId}/records/{record}/decision", UriKind.Relative), body);
                var text = response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync();
                load.Add(clock.Elapsed.TotalSeconds, watch.Elapsed.TotalMilliseconds, text is null ? null : $"{(int)response.StatusCode} {text}");
            }
            catch (HttpRequestException e)
            {
                load.Add(clock.Elapsed.TotalSeconds, watch.Elapsed.TotalMilliseconds, e.Message);
            }
            if (thinkMs > 0) await Task.Delay(thinkMs);
        }
    }

    /// <summary>The real web host on a free loopback port, logging warnings only.</summary>
    internal static async Task<WebApplication> StartWebHostAsync(string connectionString)
    {
        var web = ScreenerWebHost.Build([], new Dictionary<string, string?>
        {
            ["ConnectionStrings:Screener"] = connectionString,
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await web.StartAsync();
        return web;
    }

    /// <summary>Reviewers reviewer01..NN on the review "bench", each with an API key (returned in order).</summary>
    internal static async Task<List<string>> SeedReviewersAsync(ScreenBenchSetup setup, int count)
    {
        await using var db = setup.Open();
        var keys = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var user = string.Create(CultureInfo.InvariantCulture, $"reviewer{i:00}");
            await AddReviewer.RunAsync(db, TimeProvider.System, new AddReviewerRequest(user, null, ReviewerRole.Reviewer, null), CancellationToken.None);
            await AddMembership.RunAsync(db, new AddMembershipRequest("bench", user, ReviewerRole.Reviewer), CancellationToken.None);
            keys.Add((await IssueApiKey.RunAsync(db, user, CancellationToken.None)).ApiKey);
        }
        return keys;
    }

    private static HttpClient Client(Uri baseAddress, string apiKey)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private static Task<long> SuggestionsAsync(ScreenBenchSetup setup) => setup.ScalarAsync("SELECT count(*) FROM \"Suggestions\"");

    private static double Pct(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static void Print(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));

    private sealed class LoadRecorder
    {
        private readonly Lock _lock = new();
        private readonly List<double> _latencies = [];
        private readonly List<(double At, double Milliseconds)> _timeline = [];

        public List<string> ErrorSamples { get; } = [];

        public int Errors { get; private set; }

        public void Add(double atSeconds, double milliseconds, string? error)
        {
            lock (_lock)
            {
                _latencies.Add(milliseconds);
                _timeline.Add((atSeconds, milliseconds));
                if (error is null) return;
                Errors++;
                if (ErrorSamples.Count < 5) ErrorSamples.Add(error.Length > 300 ? error[..300] : error);
            }
        }

        public double[] SortedLatencies()
        {
            lock (_lock) return [.. _latencies.Order()];
        }

        /// <summary>p50/p99 per window of the run: whether slow requests come in bursts (GC, checkpoints) or throughout.</summary>
        public IEnumerable<string> Windows(int seconds)
        {
            lock (_lock)
                return _timeline.GroupBy(t => (int)(t.At / seconds)).OrderBy(g => g.Key).Select(g =>
                {
                    double[] sorted = [.. g.Select(t => t.Milliseconds).Order()];
                    return string.Create(CultureInfo.InvariantCulture, $"{g.Key * seconds}-{(g.Key + 1) * seconds}s n={sorted.Length} p50 {Pct(sorted, 0.5):F0} p99 {Pct(sorted, 0.99):F0}");
                }).ToList();
        }
    }
}
