using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Bench.Screening;
using Screener.Bench.Web;
using Screener.Core.Reviews;

namespace Screener.Bench.Ranking;

/// <summary>
/// `ranking [--records N] [--decisions D] [--requests R]`: the queue's ranking at scale (issue 17 item 16). N synthetic
/// records (default 100,000; <see cref="SyntheticRecords"/>) on the bundled protocol, one reviewer who decides the
/// first D (default 1,000) through the API by their planted label, and `screener serve` (the CLI's Release build) in
/// its own process, so its memory is its own. Then R times each (default 40): the overview page at once (the first
/// request asks for the ranking, which the host computes in the background meanwhile), the overview and the
/// screening page and the record list (first page, and a filtered second page) once the ranking is served, and the
/// overview again after 5% more decisions make it due. Prints p50/p95 latencies, for the pages served from the
/// ranking also what a load costs independently of the machine's load (<see cref="PageCost"/>), the ranking's time
/// (from the request that asked to the ranking being served), the web host's peak resident memory (VmHWM) and, in
/// a separate `screener rank` process, the CLI's ranking time and peak memory.
/// Targets: overview p95 under 1 s, web host peak under 1 GB.
/// </summary>
internal static class RankingBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = ScreenBenchSetup.Arg(args, "--records", 100_000);
        var decisions = ScreenBenchSetup.Arg(args, "--decisions", 1_000);
        var requests = ScreenBenchSetup.Arg(args, "--requests", 40);
        Print($"ranking: {records:N0} synthetic records, {decisions:N0} decided, {requests} requests per figure; {ScreenBenchSetup.Machine()}");
        await using var setup = await ScreenBenchSetup.CreateEmptyAsync("screener_bench_ranking");
        long reviewId;
        await using (var db = setup.Open())
            reviewId = (await InitReview.RunAsync(db, TimeProvider.System, new InitReviewRequest("bench", ScreenBenchSetup.ProtocolPath), CancellationToken.None)).ReviewId;
        var watch = Stopwatch.StartNew();
        var includes = await SyntheticRecords.AddAsync(setup.Open, reviewId, records);
        Print($"  wrote {records:N0} records ({includes.Count:N0} planted includes) in {watch.Elapsed.TotalSeconds:F1} s");
        var key = (await ApiLoadBench.SeedReviewersAsync(setup, 1))[0];
        List<long> ids;
        await using (var db = setup.Open())
            ids = await db.Records.Where(r => r.ReviewId == reviewId).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();

        var port = FreePort();
        using var host = StartCli(setup.ConnectionString, captureOutput: false, "serve", "--urls", $"http://127.0.0.1:{port}");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            await WaitForHealthAsync(http, host);
            var overview = $"/reviews/{reviewId}";
            var screen = $"/reviews/{reviewId}/screen";
            var list = $"/reviews/{reviewId}/records";
            var filtered = $"/reviews/{reviewId}/records?decision=exclude&page=2";
            var next = 0;
            async Task DecideAsync(int count)
            {
                var end = Math.Min(ids.Count, next + count);
                await Parallel.ForEachAsync(Enumerable.Range(next, end - next), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
                {
                    object body = includes.Contains(ids[i]) ? new { decision = "include" } : new { decision = "exclude", exclusionReason = "not human data" };
                    (await http.PutAsJsonAsync(new Uri($"/api/reviews/{reviewId}/records/{ids[i]}/decision", UriKind.Relative), body, ct)).EnsureSuccessStatusCode();
                });
                next = end;
            }
            watch.Restart();
            await DecideAsync(decisions);
            Print($"  {decisions:N0} decisions through the API in {watch.Elapsed.TotalSeconds:F1} s ({ids.Take(decisions).Count(includes.Contains)} includes)");
            var before = Memory(host, "VmRSS");

            // 1. The first overview asks for the ranking; the page answers meanwhile with none.
            var (cold, firstRanking) = await MeasureWhileRankingAsync(http, reviewId, overview, requests, labelled: decisions);
            // 2. Served from the ranking, with what each load costs.
            Task<(List<double>, PageCost)> Costed(string page) => PageCost.MeasureAsync(setup.ConnectionString, host.Id, () => MeasureAsync(http, page, requests));
            var (warm, warmCost) = await Costed(overview);
            var (screening, screeningCost) = await Costed(screen);
            var (firstPage, firstPageCost) = await Costed(list);
            var (filteredPage, filteredCost) = await Costed(filtered);
            // 3. A batch of decisions (5% more) makes it due: the pages answer with the last ranking while the next is computed.
            await DecideAsync(next / 20 + 1);
            var (due, secondRanking) = await MeasureWhileRankingAsync(http, reviewId, overview, requests, labelled: next);
            var peak = Memory(host, "VmHWM");
            var ranking = await http.GetStringAsync(new Uri($"/api/reviews/{reviewId}/ranking", UriKind.Relative));

            Print($"  overview page, before the first ranking is served (it computes meanwhile): {Describe(cold)}");
            Print($"  overview page, ranking served: {Describe(warm)}; {warmCost}");
            Print($"  screening page (next record), ranking served: {Describe(screening)}; {screeningCost}");
            Print($"  record list, first page: {Describe(firstPage)}; {firstPageCost}");
            Print($"  record list, {filtered[(list.Length + 1)..]}: {Describe(filteredPage)}; {filteredCost}");
            Print($"  overview page, after {next - decisions} more decisions (re-ranking meanwhile): {Describe(due)}");
            Print($"  ranking in the web host, from the request that asked to the ranking served: first {firstRanking:F1} s, after the batch {secondRanking:F1} s");
            Print($"  web host resident memory: {before / 1024.0:F0} MB before ranking, peak (VmHWM) {peak / 1024.0:F0} MB");
            Console.WriteLine($"  last ranking: {ranking}");
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }

        // The CLI ranks directly, in its own process: its time and peak memory are the ranking's (plus the runtime's).
        watch.Restart();
        using var rank = StartCli(setup.ConnectionString, captureOutput: true, "rank", "--review", "bench", "--top", "20", "--json");
        var output = rank.StandardOutput.ReadToEndAsync();
        var cliPeak = 0L;
        while (!rank.HasExited)
        {
            cliPeak = Math.Max(cliPeak, Memory(rank, "VmHWM"));
            await Task.Delay(50);
        }
        var report = JsonDocument.Parse(await output).RootElement;
        Print($"  `screener rank` (CLI process): {watch.Elapsed.TotalSeconds:F1} s, peak resident memory (VmHWM, sampled) {cliPeak / 1024.0:F0} MB, method {report.GetProperty("method")}, {report.GetProperty("unscreened")} unscreened");
        var top = report.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("recordId").GetInt64()).ToList();
        Print($"  planted includes among its top 20: {top.Count(includes.Contains)}");
        Print($"  {ScreenBenchSetup.Machine()}");
        return 0;
    }

    /// <summary>Latencies of <paramref name="requests"/> loads of <paramref name="page"/> started at once after the ranking is due, and the seconds until a ranking on <paramref name="labelled"/> labels is served.</summary>
    private static async Task<(List<double> Latencies, double RankingSeconds)> MeasureWhileRankingAsync(HttpClient http, long reviewId, string page, int requests, int labelled)
    {
        var clock = Stopwatch.StartNew();
        var latencies = await MeasureAsync(http, page, requests);
        while (true)
        {
            var ranking = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/reviews/{reviewId}/ranking", UriKind.Relative));
            if (ranking.GetProperty("labelled") is { ValueKind: JsonValueKind.Number } l && l.GetInt32() >= labelled) return (latencies, clock.Elapsed.TotalSeconds);
            await Task.Delay(100);
        }
    }

    private static async Task<List<double>> MeasureAsync(HttpClient http, string page, int requests)
    {
        var ms = new List<double>();
        for (var i = 0; i < requests; i++)
        {
            var watch = Stopwatch.StartNew();
            (await http.GetAsync(new Uri(page, UriKind.Relative))).EnsureSuccessStatusCode();
            ms.Add(watch.Elapsed.TotalMilliseconds);
        }
        return ms;
    }

    /// <summary>The CLI's Release build; the host's output goes to the bench's (read it or it blocks when the pipe fills).</summary>
    private static Process StartCli(string connectionString, bool captureOutput, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = captureOutput, UseShellExecute = false };
        start.ArgumentList.Add(ScreenWorkersBench.CliPath());
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["SCREENER__ConnectionStrings__Screener"] = connectionString;
        start.Environment["SCREENER__Logging__LogLevel__Default"] = "Warning";
        // No screening runs here: the worker's poll would only add statements to the page costs.
        start.Environment["SCREENER__Jobs__WebWorkerPollSeconds"] = "3600";
        return Process.Start(start)!;
    }

    private static async Task WaitForHealthAsync(HttpClient http, Process host)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (host.HasExited) throw new InvalidOperationException($"`screener serve` exited with {host.ExitCode}");
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("`screener serve` did not answer /health within 2 minutes");
    }

    /// <summary>A line of /proc/PID/status in kB (VmRSS: resident now; VmHWM: the peak so far); 0 once the process is gone.</summary>
    private static long Memory(Process process, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Describe(List<double> ms)
    {
        var sorted = ms.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        return FormattableString.Invariant($"p50 {At(0.5):F0} ms, p95 {At(0.95):F0} ms, max {sorted[^1]:F0} ms over {sorted.Length}");
    }

    private static void Print(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));
}
