using LLama;
using LLama.Common;
using LLama.Native;
using Microsoft.Extensions.AI;

namespace Screener.Core.Llm;

/// <summary>
/// Llm:EmbeddingModelPath through LLamaSharp's embedder (itself an <see cref="IEmbeddingGenerator{String, Embedding}"/>),
/// so `embed --provider` stores neural embeddings from a local GGUF embedding model. Loaded once per process.
/// </summary>
internal static class LlamaEmbeddings
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, IEmbeddingGenerator<string, Embedding<float>>> Loaded = new(StringComparer.Ordinal);

    public static IEmbeddingGenerator<string, Embedding<float>> Create(LlmOptions options)
    {
        var path = Path.GetFullPath(options.EmbeddingModelPath);
        lock (Gate)
        {
            if (Loaded.TryGetValue(path, out var existing)) return existing;
            var file = GgufModelFile.OpenAsync(path, "Llm:EmbeddingModelPath", CancellationToken.None).GetAwaiter().GetResult();
            var parameters = new ModelParams(file.Path)
            {
                GpuLayerCount = options.GpuLayerCount, ContextSize = (uint)options.ContextSize, BatchSize = (uint)options.ContextSize,
                UBatchSize = (uint)options.ContextSize, Embeddings = true, PoolingType = LLamaPoolingType.Mean,
            };
            if (options.Threads > 0) parameters.Threads = options.Threads;
            try
            {
                var weights = LLamaWeights.LoadFromFile(parameters);
                var embedder = new LLamaEmbedder(weights, parameters);
                Loaded[path] = embedder;
                return embedder;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw GgufModelFile.Problem(file.Path, "Llm:EmbeddingModelPath", $"llama.cpp could not load it ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")})");
            }
        }
    }
}
