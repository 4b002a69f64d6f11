using System.Collections.Concurrent;
using LLama;
using LLama.Common;
using LLama.Native;

namespace Screener.Core.Llm;

/// <summary>A loaded GGUF model: its weights, identity, and the batch decoder every slot naming it shares.</summary>
internal sealed class LoadedLlamaModel(GgufModelFile file, LLamaWeights weights, LlamaBatchDecoder decoder, LlamaSettings settings)
{
    public GgufModelFile File { get; } = file;
    public LLamaWeights Weights { get; } = weights;
    public LlamaBatchDecoder Decoder { get; } = decoder;
    public LlamaSettings Settings { get; } = settings;
}

/// <summary>The settings that decide how a model file is loaded and decoded; two slots with equal settings share one load.</summary>
/// <param name="FlashAttention">Null leaves it to llama.cpp (auto); see <see cref="FlashAttentionFor"/>.</param>
/// <param name="KvUnified">One KV cache shared by all parallel sequences (true) or one per sequence (false, the default).</param>
internal sealed record LlamaSettings(
    string ModelPath, int GpuLayerCount, int ContextSize, int Threads, int ParallelSequences, long Seed, bool? FlashAttention, bool KvUnified)
{
    public static LlamaSettings From(LlmOptions options) => new(
        Path.GetFullPath(options.ModelPath), options.GpuLayerCount, options.ContextSize, options.Threads, options.ParallelSequences, options.Seed,
        FlashAttentionFor(options.FlashAttention, options.GpuLayerCount), options.KvUnified);

    /// <summary>
    /// Flash attention unless the setting says otherwise, except on the CPU: llama.cpp's CPU flash-attention kernel
    /// walks the cached keys one at a time with a scalar exp, while the plain path is a matrix product and a
    /// vectorised softmax. Profiled on the test model (bench llamasharp, perf): 80% of decode time was that kernel, and
    /// turning it off cut decode CPU time about 4x. On a GPU llama.cpp's own choice (auto) stands.
    /// </summary>
    public static bool? FlashAttentionFor(bool? setting, int gpuLayerCount) => setting ?? (gpuLayerCount == 0 ? false : null);
}

/// <summary>
/// One load of each model file per process: weights are hundreds of megabytes to tens of gigabytes, and throughput
/// comes from batching records into one context, not from copies of the model. Process-wide because a host may build
/// more than one service provider (the CLI builds one per command); models live as long as the process.
/// </summary>
internal static class LlamaModels
{
    private static readonly ConcurrentDictionary<(string Path, int GpuLayers), Lazy<Task<(GgufModelFile File, LLamaWeights Weights)>>> Weights = new();
    private static readonly ConcurrentDictionary<LlamaSettings, Lazy<Task<LoadedLlamaModel>>> Decoders = new();
    private static int _loads;

    /// <summary>Model weight loads so far in this process (each distinct file counts once).</summary>
    public static int LoadCount => Volatile.Read(ref _loads);

    static LlamaModels()
    {
        // llama.cpp logs every tensor to stderr; its errors surface as exceptions here, so the chatter is dropped.
        NativeLibraryConfig.All.WithLogCallback((_, _) => { });
    }

    /// <summary>Loads (or returns the already loaded) model; a missing, non-GGUF or unloadable file throws a one-line ScreenerException.</summary>
    public static LoadedLlamaModel Get(LlamaSettings settings) =>
        GetOrLoad(Decoders, settings, async s =>
        {
            var (file, weights) = await GetOrLoadAsync(Weights, (s.ModelPath, s.GpuLayerCount), key => LoadWeightsAsync(key.Item1, key.Item2));
            return new LoadedLlamaModel(file, weights, new LlamaBatchDecoder(weights, ContextParameters(s), s.ParallelSequences), s);
        });

    private static T GetOrLoad<TKey, T>(ConcurrentDictionary<TKey, Lazy<Task<T>>> cache, TKey key, Func<TKey, Task<T>> load) where TKey : notnull =>
        GetOrLoadAsync(cache, key, load).GetAwaiter().GetResult();

    private static async Task<T> GetOrLoadAsync<TKey, T>(ConcurrentDictionary<TKey, Lazy<Task<T>>> cache, TKey key, Func<TKey, Task<T>> load) where TKey : notnull
    {
        var lazy = cache.GetOrAdd(key, k => new Lazy<Task<T>>(() => load(k)));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            // A failed load is not cached: the user fixes the file and the next command tries again.
            cache.TryRemove(new KeyValuePair<TKey, Lazy<Task<T>>>(key, lazy));
            throw;
        }
    }

    private static ModelParams ContextParameters(LlamaSettings settings)
    {
        var parameters = new ModelParams(settings.ModelPath)
        {
            GpuLayerCount = settings.GpuLayerCount,
            // One context holds every parallel sequence; each record may use ContextSize of it.
            ContextSize = (uint)(settings.ContextSize * settings.ParallelSequences),
            SeqMax = (uint)settings.ParallelSequences,
            UBatchSize = 512,
            // Llm:KvUnified; see LlmOptions.KvUnified for why one cache per sequence is the default.
            KVUnified = settings.KvUnified,
        };
        if (settings.Threads > 0) parameters.Threads = settings.Threads;
        parameters.FlashAttention = settings.FlashAttention;
        return parameters;
    }

    private static async Task<(GgufModelFile, LLamaWeights)> LoadWeightsAsync(string path, int gpuLayers)
    {
        var file = await GgufModelFile.OpenAsync(path, "Llm:ModelPath", CancellationToken.None);
        try
        {
            var weights = await LLamaWeights.LoadFromFileAsync(new ModelParams(file.Path) { GpuLayerCount = gpuLayers });
            Interlocked.Increment(ref _loads);
            return (file, weights);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw GgufModelFile.Problem(file.Path, "Llm:ModelPath", $"llama.cpp could not load it ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})");
        }
    }
}
