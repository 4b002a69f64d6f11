using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core;
using Screener.Core.Llm;
using Screener.FakeLlm;

namespace Screener.Bench;

/// <summary>
/// `llm-gateway [--calls N] [--concurrency C] [--delay-ms D]`: N structured calls through the full gateway
/// (SK connector, handlers, Polly pipeline, limits) against the loopback server answering after D ms, C at a time.
/// Prints throughput, latency percentiles and the gateway's overhead over the server's delay.
/// </summary>
internal static class LlmGatewayBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Arg(args, "--calls", 10_000);
        var concurrency = Arg(args, "--concurrency", 64);
        var delayMs = Arg(args, "--delay-ms", 200);
        await using var server = await FakeLlmServer.StartAsync(_ => new FakeLlmReply
        {
            Content = """{"decision":"include"}""",
            Delay = TimeSpan.FromMilliseconds(delayMs),
            PromptTokens = 600,
            CompletionTokens = 40,
        });
        server.RecordRequests = false;
        var configuration = ScreenerServices.BuildConfiguration(Path.GetTempPath(), new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local",
            ["Llm:Endpoint"] = server.OpenAIEndpoint(),
            ["Llm:Model"] = "bench-model",
            ["Llm:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
        });
        await using var services = new ServiceCollection().AddScreenerLlm(configuration).BuildServiceProvider();
        var chat = services.GetRequiredService<IChatClient>();
        var usage = new LlmRunUsage();
        var options = new ChatOptions
        {
            Temperature = 0,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(Schema, "decision"),
        };
        var latencies = new long[calls];

        await RunCallsAsync(chat, options, new LlmRunUsage(), latencies, Math.Min(concurrency, calls), concurrency); // warm-up: JIT, connections
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await RunCallsAsync(chat, options, usage, latencies, calls, concurrency);
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Array.Sort(latencies);
        var ideal = Math.Ceiling(calls / (double)concurrency) * delayMs / 1000.0;
        var failed = usage.Totals.Calls - usage.Totals.Parsed;
        Console.WriteLine(FormattableString.Invariant(
            $"llm-gateway: {calls} calls, concurrency {concurrency}, server delay {delayMs} ms"));
        Console.WriteLine(FormattableString.Invariant(
            $"  wall {clock.Elapsed.TotalSeconds:F2} s (ideal {ideal:F2} s), {calls / clock.Elapsed.TotalSeconds:F1} calls/s"));
        Console.WriteLine(FormattableString.Invariant(
            $"  latency ms p50 {Pct(latencies, 0.50)}, p95 {Pct(latencies, 0.95)}, p99 {Pct(latencies, 0.99)}, max {latencies[^1]}; overhead over delay p50 {Pct(latencies, 0.50) - delayMs} ms"));
        Console.WriteLine(FormattableString.Invariant(
            $"  server max in flight {server.MaxConcurrent}, not parsed {failed}, allocated {allocated / (double)calls / 1024:F1} KiB per call"));
        return failed == 0 ? 0 : 1;
    }

    private static async Task RunCallsAsync(IChatClient chat, ChatOptions options, LlmRunUsage usage, long[] latencies, int calls, int concurrency)
    {
        await Parallel.ForAsync(0, calls, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var result = await StructuredLlmCall.RunAsync(chat,
                [new ChatMessage(ChatRole.System, "You screen records."), new ChatMessage(ChatRole.User, $"Record {i}: title and abstract. Reply in JSON.")],
                options, Parse, usage, ct);
            latencies[i] = result.LatencyMs;
        });
    }

    private static readonly JsonElement Schema = JsonDocument.Parse(
        """{"type":"object","properties":{"decision":{"type":"string"}},"required":["decision"],"additionalProperties":false}""").RootElement;

    private static ParseResult<string> Parse(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return ParseResult<string>.Success(doc.RootElement.GetProperty("decision").GetString()!);
    }

    private static long Pct(long[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
