using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core;
using Screener.Core.Screening;

namespace Screener.Bench.Screening;

/// <summary>
/// `screen [--records N] [--concurrency C] [--delay-ms D] [--shared PATH]`: imports N real eval-data records
/// (default 10,000) into a fresh database and screens them end to end with <see cref="ScreenRecords"/> (work queue,
/// gateway, grounding, suggestion writes) against the loopback LLM answering after D ms (200), C calls at a time (64).
/// Prints the wall time against the ideal ceil(N/C)*D, the suggestions stored and the process's memory.
/// </summary>
internal static class ScreenBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var records = ScreenBenchSetup.Arg(args, "--records", 10_000);
        var concurrency = ScreenBenchSetup.Arg(args, "--concurrency", 64);
        var delayMs = ScreenBenchSetup.Arg(args, "--delay-ms", 200);
        Console.WriteLine($"screen: {records:N0} records, concurrency {concurrency}, loopback LLM reply after {delayMs} ms; {ScreenBenchSetup.Machine()}");
        await using var setup = await ScreenBenchSetup.CreateAsync("screener_bench_screen", records, ImportBenchOption(args));
        var (_, imported) = await setup.AddReviewAsync("bench");
        await using var server = await ScreenBenchSetup.StartLlmAsync(delayMs);
        await using var services = Services(setup.ConnectionString, server.OpenAIEndpoint(), concurrency);
        var screen = services.GetRequiredService<ScreenRecords>();

        GC.Collect();
        using var sampler = new MemorySampler();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await screen.RunAsync(new ScreenRequest("bench"), null, CancellationToken.None);
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        var stored = await setup.ScalarAsync($"SELECT count(*) FROM \"Suggestions\" WHERE \"RunId\" = {result.RunId}");
        var distinct = await setup.ScalarAsync($"SELECT count(DISTINCT \"RecordId\") FROM \"Suggestions\" WHERE \"RunId\" = {result.RunId}");
        var grounded = await setup.ScalarAsync($"SELECT count(*) FROM \"Suggestions\" WHERE \"RunId\" = {result.RunId} AND cardinality(\"Flags\") = 0");
        // Where the time beyond the ideal goes: each call as the client saw it (gateway, HTTP, server delay, parse).
        var meanCallMs = await setup.ScalarAsync($"SELECT round(avg(\"LatencyMs\"))::bigint FROM \"Suggestions\" WHERE \"RunId\" = {result.RunId}");
        // The cold start: from the run's creation to the first stored suggestion, against one reply's delay.
        var firstMs = await setup.ScalarAsync($"SELECT (extract(epoch FROM min(s.\"CreatedAt\") - r.\"CreatedAt\") * 1000)::bigint FROM \"Suggestions\" s JOIN \"Runs\" r ON r.\"Id\" = s.\"RunId\" WHERE r.\"Id\" = {result.RunId} GROUP BY r.\"CreatedAt\"");
        var seconds = clock.Elapsed.TotalSeconds;
        var ideal = Math.Ceiling(imported / (double)concurrency) * delayMs / 1000.0;
        using var process = Process.GetCurrentProcess();
        Print($"  records imported {imported:N0}; work items {result.WorkItems:N0}; screened now {result.Processed:N0}: {result.Suggested:N0} parsed, {result.Unparseable} unparseable, {result.Failed} failed");
        Print($"  screening wall {seconds:F2} s (ideal {ideal:F1} s = ceil({imported}/{concurrency}) x {delayMs / 1000.0:F1} s); throughput {result.Processed / seconds:F1} suggestions/s (ideal {imported / ideal:F1}/s) = {100 * ideal / seconds:F1}% of ideal");
        Print($"  suggestions stored {stored:N0} ({distinct:N0} distinct records, {grounded:N0} without flags); server max in flight {server.MaxConcurrent}; mean call latency seen by the client {meanCallMs} ms for a {delayMs} ms reply; per item {1000 * seconds * concurrency / Math.Max(1, result.Processed):F0} ms of a call slot; first suggestion stored {firstMs} ms after the run was created");
        Print($"  memory: peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MB (whole process, import included), max working set sampled during screening {sampler.MaxWorkingSet / 1048576.0:F0} MB, max GC heap sampled {sampler.MaxGcHeap / 1048576.0:F0} MB, allocated {allocated / (double)Math.Max(1, result.Processed) / 1024:F1} KiB per suggestion");
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        Print($"  CPU of this process while screening {cpu:F1} s = {1000 * cpu / Math.Max(1, result.Processed):F2} ms per suggestion (LLM server included; PostgreSQL not): the ideal needs {cpu / ideal:F2} cores for this process alone");
        Print($"  at the end: {ScreenBenchSetup.Machine()}");
        return stored == imported && distinct == imported ? 0 : 1;
    }

    internal static ServiceProvider Services(string connectionString, string endpoint, int concurrency) =>
        new ServiceCollection().AddScreenerCore(ScreenerServices.BuildConfiguration(Path.GetTempPath(), new Dictionary<string, string?>
        {
            ["ConnectionStrings:Screener"] = connectionString,
            ["Llm:Provider"] = "local",
            ["Llm:Endpoint"] = endpoint,
            ["Llm:Model"] = "bench-model",
            ["Llm:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
        })).BuildServiceProvider();

    internal static string? ImportBenchOption(string[] args)
    {
        var i = Array.IndexOf(args, "--shared");
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static void Print(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));
}

/// <summary>Samples the working set and GC heap every 100 ms: the peak of one phase, which PeakWorkingSet64 cannot give.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _maxWorkingSet;
    private long _maxGcHeap;

    public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

    public long MaxWorkingSet => Interlocked.Read(ref _maxWorkingSet);

    public long MaxGcHeap => Interlocked.Read(ref _maxGcHeap);

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        Raise(ref _maxWorkingSet, process.WorkingSet64);
        Raise(ref _maxGcHeap, GC.GetTotalMemory(false));
    }

    private static void Raise(ref long field, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref field)) && Interlocked.CompareExchange(ref field, value, seen) != seen) { }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Sample();
    }
}
