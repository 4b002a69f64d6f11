using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Screener.Core.Llm;
using Screener.Core.Prompts;
using Screener.Core.Protocol;
using Screener.Core.Screening;
using Record = Screener.Core.Records.Record;

namespace Screener.Bench;

/// <summary>
/// `llamasharp [--model PATH] [--records N] [--parallel 1,4,8] [--threads T] [--max-string L] [--flash-attention on|off] [--kv-unified on|off]`: screening replies per second from a
/// GGUF model in-process (default the tiny tests/models/stories260K.gguf), with the real screening prompt, reply
/// schema (as a grammar) and parser, N records (default 24) per ParallelSequences setting; prints the ratio to one
/// sequence and the process's peak memory. No database: this measures the decoder, not the work queue.
/// </summary>
internal static class LocalModelBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var model = Arg(args, "--model") ?? Path.Combine(RepoRoot(), "tests", "models", "stories260K.gguf");
        var records = int.Parse(Arg(args, "--records") ?? "24", CultureInfo.InvariantCulture);
        var threads = int.Parse(Arg(args, "--threads") ?? "0", CultureInfo.InvariantCulture);
        var maxString = int.Parse(Arg(args, "--max-string") ?? "64", CultureInfo.InvariantCulture);
        bool? flash = Arg(args, "--flash-attention") switch { "on" => true, "off" => false, _ => null };
        var kvUnified = Arg(args, "--kv-unified") == "on";
        var settings = (Arg(args, "--parallel") ?? "1,4,8").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        var protocol = await ProtocolLoader.LoadFileAsync(Path.Combine(RepoRoot(), "examples", "donners2021-emicizumab", "protocol.yaml"), CancellationToken.None);
        var template = PromptLibrary.Default().Get("screening/v1");
        var schema = ScreeningReplySchema.For(protocol);
        Console.WriteLine($"llamasharp: {Path.GetFileName(model)}, {records} records per setting, KV cache {(kvUnified ? "unified" : "per sequence")}, threads {(threads == 0 ? "default" : threads)}, {Environment.ProcessorCount} CPUs visible");
        double? baseline = null;
        foreach (var parallel in settings)
        {
            var options = new LlmOptions
            {
                Provider = LlmProvider.LlamaSharp, ModelPath = model, ParallelSequences = parallel, Threads = threads, ContextSize = 4096,
                GrammarMaxStringLength = maxString, FlashAttention = flash, KvUnified = kvUnified,
            };
            options.Validate();
            var chat = new LlmChatClients(options, new EmptyServices()).For();
            var usage = new LlmRunUsage();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(1, records), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
            {
                var rendered = ScreeningPrompt.Render(template, protocol, SampleRecord(i));
                var chatOptions = new ChatOptions
                {
                    Temperature = 0, MaxOutputTokens = 800, ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, ScreeningReplySchema.Name),
                };
                await StructuredLlmCall.RunAsync(chat, [new ChatMessage(ChatRole.System, rendered.System), new ChatMessage(ChatRole.User, rendered.User)],
                    chatOptions, text => ScreeningReplySchema.Parse(text, protocol), usage, ct);
            });
            var perSecond = records / clock.Elapsed.TotalSeconds;
            baseline ??= perSecond;
            var t = usage.Totals;
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var times = LlamaModels.Get(LlamaSettings.From(options)).Decoder.Times;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ParallelSequences {parallel}: {perSecond:F2} records/s (x{perSecond / baseline.Value:F2} of 1 sequence); {t.Parsed} parsed, {t.Repaired} repaired, {t.Unparseable} unparseable, {t.Failures} failed; {t.PromptTokens / Math.Max(1, t.Calls)} prompt + {t.CompletionTokens / Math.Max(1, t.Calls)} reply tokens per call; peak working set so far {process.PeakWorkingSet64 / 1048576.0:F0} MB"));
            // Wall time on a shared machine swings with its load; the CPU time per record is the steadier figure.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {cpu.TotalSeconds / records:F2} s CPU per record; wall: llama.cpp decode {times.Decode.TotalSeconds:F1} s, sampling with the grammar {times.Sampling.TotalSeconds:F1} s, {times.Steps} batch steps"));
        }
        Console.WriteLine($"  model loads in this process: {LlamaModels.LoadCount}");
        return 0;
    }

    private static Record SampleRecord(int i) => new()
    {
        Title = $"Emicizumab prophylaxis in persons with haemophilia A: cohort {i}",
        Abstract = $"Background: emicizumab is a bispecific antibody. Methods: we followed {40 + i} persons with haemophilia A with or without "
            + "inhibitors receiving weekly emicizumab prophylaxis and recorded annualised bleeding rates, thrombotic events and adherence. "
            + "Results: the annualised bleeding rate fell from 4.2 to 0.6; no thrombotic microangiopathy occurred. Conclusion: prophylaxis was effective.",
    };

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Screener.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Screener.sln above " + AppContext.BaseDirectory);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
