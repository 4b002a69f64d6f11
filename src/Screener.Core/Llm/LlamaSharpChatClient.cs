using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LLama;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace Screener.Core.Llm;

/// <summary>
/// A GGUF model in-process as an <see cref="IChatClient"/>: the rest of the code sends the same prompts and reply
/// schema as to an HTTP provider. The schema becomes a grammar enforced while decoding; tokens are counted with the
/// model's own tokenizer; the model file's hash, the grammar and the sampling parameters go into the call's audit
/// parameters. A prompt that does not fit the context fails that call (and so that record) with its cause.
/// </summary>
internal sealed class LlamaSharpChatClient(LoadedLlamaModel model, string modelName, int maxStringLength) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new("llamasharp", null, modelName);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ChatOptions();
        var prompt = Render(messages.ToList());
        var tokens = model.Weights.Tokenize(prompt, add_bos: true, special: true, Encoding.UTF8);
        var contextSize = model.Settings.ContextSize;
        var room = contextSize - tokens.Length;
        var maxTokens = Math.Min(options.MaxOutputTokens ?? room, room);
        if (maxTokens < 1 || (options.MaxOutputTokens is { } wanted && tokens.Length + wanted > contextSize))
            throw new LlamaContextOverflowException(string.Create(CultureInfo.InvariantCulture,
                $"the prompt is {tokens.Length:N0} tokens and the reply may take {options.MaxOutputTokens ?? 1:N0}, over Llm:ContextSize {contextSize:N0} of model {model.File.Path}; raise Llm:ContextSize or shorten the record"));

        var grammar = GrammarFor(options);
        var seed = (uint)((options.Seed ?? model.Settings.Seed) & uint.MaxValue);
        var sampling = new Sampling(options.Temperature ?? 0f, options.TopP ?? 1f, options.TopK ?? 40, seed);
        LlmCallMeter.Current?.RecordLocalModel(Audit(grammar, sampling));
        var result = await model.Decoder.DecodeAsync(new DecodeRequest(tokens, () => sampling.Pipeline(grammar), maxTokens, cancellationToken));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Text))
        {
            ModelId = modelName,
            FinishReason = result.HitMaxTokens ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = tokens.Length, OutputTokenCount = result.OutputTokens, TotalTokenCount = tokens.Length + result.OutputTokens,
            },
        };
    }

    /// <summary>The prompt tokens a call with these messages would use: the same chat template and tokenizer as the call.</summary>
    public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) =>
        model.Weights.Tokenize(Render(messages.ToList()), add_bos: true, special: true, Encoding.UTF8).Length;

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Replies are parsed whole; streaming would only split the same text.
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // The model is shared by every client naming it and lives as long as the process.
    }

    private ReplyGrammar? GrammarFor(ChatOptions options) =>
        options.ResponseFormat is ChatResponseFormatJson { Schema: { } schema } json
            ? JsonSchemaGrammar.FromSchema(schema, json.SchemaName ?? "reply", maxStringLength)
            : null;

    /// <summary>The model's own chat template; a model without one gets a plain role-prefixed transcript.</summary>
    private string Render(List<ChatMessage> messages)
    {
        try
        {
            var template = new LLamaTemplate(model.Weights, strict: true) { AddAssistant = true };
            foreach (var m in messages) template.Add(m.Role.Value, m.Text);
            return Encoding.UTF8.GetString(template.Apply());
        }
        catch (Exception e) when (e is LLama.Exceptions.TemplateNotFoundException or LLama.Exceptions.MissingTemplateException or InvalidOperationException)
        {
            var text = new StringBuilder();
            foreach (var m in messages) text.Append(m.Role.Value).Append(": ").Append(m.Text).Append('\n');
            return text.Append("assistant: ").ToString();
        }
    }

    private JsonObject Audit(ReplyGrammar? grammar, Sampling sampling) => new()
    {
        ["provider"] = "llamasharp",
        ["model_file"] = Path.GetFileName(model.File.Path),
        ["model_sha256"] = model.File.Sha256,
        ["model_bytes"] = model.File.Bytes,
        ["grammar"] = grammar?.Description ?? "none",
        ["grammar_sha256"] = grammar?.Sha256,
        ["sampling"] = new JsonObject
        {
            ["temperature"] = sampling.Temperature, ["top_p"] = sampling.TopP, ["top_k"] = sampling.TopK, ["min_p"] = 0,
            ["repeat_penalty"] = 1, ["seed"] = sampling.Seed,
        },
        ["context_size"] = model.Settings.ContextSize,
        ["parallel_sequences"] = model.Settings.ParallelSequences,
        ["gpu_layers"] = model.Settings.GpuLayerCount,
        ["flash_attention"] = model.Settings.FlashAttention?.ToString().ToLowerInvariant() ?? "auto",
        ["kv_unified"] = model.Settings.KvUnified,
    };

    private sealed record Sampling(float Temperature, float TopP, int TopK, uint Seed)
    {
        public ISamplingPipeline Pipeline(ReplyGrammar? grammar) => new DefaultSamplingPipeline
        {
            Temperature = Temperature, TopP = TopP, TopK = TopK, MinP = 0, RepeatPenalty = 1, Seed = Seed,
            // Checks the grammar against the likeliest tokens first instead of the whole vocabulary at every step.
            GrammarOptimization = DefaultSamplingPipeline.GrammarOptimizationMode.Extended,
            Grammar = grammar is null ? null : new Grammar(grammar.Gbnf, "root"),
        };
    }
}

/// <summary>A prompt longer than the model's context: that record fails with this cause, the run goes on.</summary>
public sealed class LlamaContextOverflowException(string message) : Exception(message);
