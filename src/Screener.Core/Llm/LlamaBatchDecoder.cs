using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using LLama;
using LLama.Abstractions;
using LLama.Batched;
using LLama.Native;
using LLama.Sampling;

namespace Screener.Core.Llm;

/// <summary>One record's generation: its prompt tokens, its sampler (grammar, temperature, seed) and its budget.</summary>
internal sealed record DecodeRequest(LLamaToken[] Prompt, Func<ISamplingPipeline> Sampler, int MaxTokens, CancellationToken Cancellation)
{
    public TaskCompletionSource<DecodeResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed record DecodeResult(string Text, int OutputTokens, bool HitMaxTokens);

/// <summary>
/// Decodes up to ParallelSequences records together: each is a sequence of one shared context, and every step runs
/// one llama.cpp batch holding the next token of all of them. One loop owns the context (llama.cpp contexts are not
/// thread-safe); callers queue requests and await their own result.
/// </summary>
internal sealed class LlamaBatchDecoder
{
    private readonly Channel<DecodeRequest> _queue = Channel.CreateUnbounded<DecodeRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LLamaWeights _weights;
    private readonly BatchedExecutor _executor;
    private readonly int _parallel;

    /// <summary>Where decoding time goes (llama.cpp's decode of prompts and tokens, and our sampling); the bench prints it.</summary>
    public DecodeStageTimes Times { get; } = new();

    public LlamaBatchDecoder(LLamaWeights weights, IContextParams contextParams, int parallel)
    {
        _weights = weights;
        _executor = new BatchedExecutor(weights, contextParams);
        _parallel = parallel;
        _ = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public async Task<DecodeResult> DecodeAsync(DecodeRequest request)
    {
        await _queue.Writer.WriteAsync(request, request.Cancellation);
        return await request.Completion.Task.WaitAsync(request.Cancellation);
    }

    private sealed class Active(DecodeRequest request, Conversation conversation, ISamplingPipeline sampler, StreamingTokenDecoder text)
    {
        public DecodeRequest Request { get; } = request;
        public Conversation Conversation { get; } = conversation;
        public ISamplingPipeline Sampler { get; } = sampler;
        public StreamingTokenDecoder Text { get; } = text;
        public StringBuilder Output { get; } = new();
        public int Generated { get; set; }
    }

    private async Task RunAsync()
    {
        var active = new List<Active>();
        while (true)
        {
            while (active.Count < _parallel && _queue.Reader.TryRead(out var request)) Start(request, active);
            if (active.Count == 0)
            {
                if (!await _queue.Reader.WaitToReadAsync()) return;
                continue;
            }
            try
            {
                var started = Stopwatch.GetTimestamp();
                var result = await _executor.Infer(CancellationToken.None);
                Times.AddDecode(started);
                if (result != LLama.Native.DecodeResult.Ok) throw new InvalidOperationException($"llama.cpp decode returned {result}");
                started = Stopwatch.GetTimestamp();
                foreach (var a in active.ToList()) Step(a, active);
                Times.AddSampling(started);
            }
            catch (Exception e)
            {
                // The batch failed as a whole; each of its records fails with the cause and the loop goes on.
                foreach (var a in active) a.Request.Completion.TrySetException(e);
                foreach (var a in active) Finish(a, active, null);
                active.Clear();
            }
        }
    }

    private void Start(DecodeRequest request, List<Active> active)
    {
        if (request.Cancellation.IsCancellationRequested)
        {
            request.Completion.TrySetCanceled(request.Cancellation);
            return;
        }
        Conversation? conversation = null;
        try
        {
            conversation = _executor.Create();
            conversation.Prompt(request.Prompt);
            active.Add(new Active(request, conversation, request.Sampler(), new StreamingTokenDecoder(Encoding.UTF8, _weights)));
        }
        catch (Exception e)
        {
            conversation?.Dispose();
            request.Completion.TrySetException(e);
        }
    }

    private void Step(Active a, List<Active> active)
    {
        if (a.Request.Cancellation.IsCancellationRequested)
        {
            Finish(a, active, null);
            a.Request.Completion.TrySetCanceled(a.Request.Cancellation);
            return;
        }
        if (!a.Conversation.RequiresSampling) return;
        // Sampling through the chain also accepts the token into it, which advances the grammar.
        var token = a.Sampler.Sample(_executor.Context.NativeHandle, a.Conversation.GetSampleIndex());
        if (token.IsEndOfGeneration(_weights.Vocab))
        {
            Finish(a, active, new DecodeResult(Flush(a), a.Generated, false));
            return;
        }
        a.Generated++;
        a.Text.Add(token);
        if (a.Generated >= a.Request.MaxTokens)
        {
            Finish(a, active, new DecodeResult(Flush(a), a.Generated, true));
            return;
        }
        a.Conversation.Prompt(token);
    }

    private static string Flush(Active a) => a.Output.Append(a.Text.Read()).ToString();

    private static void Finish(Active a, List<Active> active, DecodeResult? result)
    {
        active.Remove(a);
        a.Conversation.Dispose();
        a.Sampler.Dispose();
        if (result is not null) a.Request.Completion.TrySetResult(result);
    }
}

/// <summary>Cumulative wall time of the decoder's stages, read by the bench to see where a record's time goes.</summary>
internal sealed class DecodeStageTimes
{
    private long _decodeTicks;
    private long _samplingTicks;
    private long _steps;

    public TimeSpan Decode => TimeSpan.FromSeconds(Volatile.Read(ref _decodeTicks) / (double)Stopwatch.Frequency);
    public TimeSpan Sampling => TimeSpan.FromSeconds(Volatile.Read(ref _samplingTicks) / (double)Stopwatch.Frequency);
    public long Steps => Volatile.Read(ref _steps);

    public void AddDecode(long started) => Interlocked.Add(ref _decodeTicks, Stopwatch.GetTimestamp() - started);

    public void AddSampling(long started)
    {
        Interlocked.Add(ref _samplingTicks, Stopwatch.GetTimestamp() - started);
        Interlocked.Increment(ref _steps);
    }
}
