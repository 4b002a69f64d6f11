using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Screener.Bench.Screening;

/// <summary>
/// `screen-workers [--records N] [--per-worker C] [--delay-ms D] [--workers 1,2,4]`: the scale-out path. For each worker
/// count W, a fresh review with the same N real records (default 4,000) is screened by W separate processes of the real
/// CLI (`screener screen --review R --json`, Release build) sharing one PostgreSQL database and the loopback LLM
/// (reply after D ms, default 200), each with C parallel calls (default 16). Prints wall time, throughput and the
/// check that every record has exactly one suggestion.
/// </summary>
internal static class ScreenWorkersBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = ScreenBenchSetup.Arg(args, "--records", 4_000);
        var perWorker = ScreenBenchSetup.Arg(args, "--per-worker", 16);
        var delayMs = ScreenBenchSetup.Arg(args, "--delay-ms", 200);
        var i = Array.IndexOf(args, "--workers");
        var counts = (i >= 0 && i + 1 < args.Length ? args[i + 1] : "1,2,4").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var cli = CliPath();
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"{cli} not found: build it first (dotnet build src/Screener.Cli -c Release)");
            return 2;
        }
        Console.WriteLine($"screen-workers: {records:N0} records per run, {perWorker} calls per worker process, loopback LLM reply after {delayMs} ms; " +
            $"{ScreenBenchSetup.Machine()}: every worker process and PostgreSQL share these {Environment.ProcessorCount} cores");
        await using var setup = await ScreenBenchSetup.CreateAsync("screener_bench_workers", records, ScreenBench.ImportBenchOption(args));
        await using var server = await ScreenBenchSetup.StartLlmAsync(delayMs);
        var failed = false;
        foreach (var workers in counts)
        {
            var (reviewId, imported) = await setup.AddReviewAsync($"w{workers}");
            server.ClearRequests();
            var clock = Stopwatch.StartNew();
            var processed = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => RunWorkerAsync(cli, $"w{workers}", setup.ConnectionString, server.OpenAIEndpoint(), perWorker)));
            clock.Stop();
            var join = $"FROM \"Suggestions\" s JOIN \"Runs\" r ON r.\"Id\" = s.\"RunId\" WHERE r.\"ReviewId\" = {reviewId}";
            var stored = await setup.ScalarAsync($"SELECT count(*) {join}");
            var distinct = await setup.ScalarAsync($"SELECT count(DISTINCT s.\"RecordId\") {join}");
            var pending = await setup.ScalarAsync($"SELECT count(*) FROM \"WorkItems\" w JOIN \"Runs\" r ON r.\"Id\" = w.\"RunId\" WHERE r.\"ReviewId\" = {reviewId} AND w.\"Status\" <> 'Done'");
            var runs = await setup.ScalarAsync($"SELECT count(*) FROM \"Runs\" WHERE \"ReviewId\" = {reviewId}");
            var seconds = clock.Elapsed.TotalSeconds;
            var ideal = Math.Ceiling(imported / (double)(workers * perWorker)) * delayMs / 1000.0;
            var ok = stored == imported && distinct == imported && pending == 0 && runs == 1 && processed.All(p => p >= 0);
            failed |= !ok;
            Console.WriteLine(FormattableString.Invariant(
                $"  {workers} worker(s) x {perWorker} calls: wall {seconds:F2} s (process start to last exit; ideal {ideal:F1} s), {imported / seconds:F1} suggestions/s = {100 * ideal / seconds:F1}% of ideal; screened per worker [{string.Join(", ", processed)}]; server max in flight {server.MaxConcurrent}"));
            Console.WriteLine(FormattableString.Invariant(
                $"    check: {imported:N0} records, {stored:N0} suggestions, {distinct:N0} distinct records, {stored - distinct} duplicates, {pending} items not done, {runs} run(s): {(ok ? "OK" : "MISMATCH")}; {ScreenBenchSetup.Machine()}"));
        }
        return failed ? 1 : 0;
    }

    public static string CliPath() => Path.Combine(ScreenBenchSetup.RepoRoot(), "src", "Screener.Cli", "bin", "Release", "net10.0", "screener.dll");

    /// <summary>One `screener screen` process; returns how many items it screened (its --json report), -1 if it failed.</summary>
    public static async Task<int> RunWorkerAsync(string cli, string review, string connectionString, string endpoint, int concurrency)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "screen", "--review", review, "--json" }) start.ArgumentList.Add(a);
        start.Environment["SCREENER__ConnectionStrings__Screener"] = connectionString;
        start.Environment["SCREENER__Llm__Provider"] = "local";
        start.Environment["SCREENER__Llm__Endpoint"] = endpoint;
        start.Environment["SCREENER__Llm__Model"] = "bench-model";
        start.Environment["SCREENER__Llm__MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"    worker exited {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
            return -1;
        }
        using var report = JsonDocument.Parse(await stdout);
        return report.RootElement.GetProperty("processed").GetInt32();
    }
}
