using System.Text.Json.Nodes;

namespace Screener.Core.Llm.Batch;

/// <summary>
/// One work item's call on the Batch API route, carried through the async flow to <see cref="BatchRouteHandler"/>:
/// the run's own handler (render, call, parse, ground, audit) runs unchanged, and only the wire differs. Collecting,
/// the request the SDK would send is kept instead of sent; replaying, the batch's reply is served as the first
/// call's response, and a repair call goes online as it would for any reply.
/// </summary>
public sealed class BatchCall
{
    private static readonly AsyncLocal<BatchCall?> CurrentCall = new();
    private int _served;

    private BatchCall(string? batchId, JsonObject? reply)
    {
        BatchId = batchId;
        Reply = reply;
    }

    public static BatchCall? Current => CurrentCall.Value;

    /// <summary>The batch the reply came from; null while collecting.</summary>
    public string? BatchId { get; }

    /// <summary>The chat completion body from the batch output; null while collecting.</summary>
    public JsonObject? Reply { get; }

    public bool IsCollecting => Reply is null;

    /// <summary>The chat completion request (JSON body, response format applied) the online path would have sent.</summary>
    public JsonObject? CollectedRequest { get; private set; }

    /// <summary>True once the batch reply has been given to the first call; later calls (a repair) go online.</summary>
    public bool Served => Volatile.Read(ref _served) == 1;

    /// <summary>Starts collecting the request of the calls made from the caller's async flow from here on.</summary>
    public static BatchCall Collect() => CurrentCall.Value = new BatchCall(null, null);

    /// <summary>Starts serving <paramref name="reply"/> (from batch <paramref name="batchId"/>) to the first call from here on.</summary>
    public static BatchCall Replay(string batchId, JsonObject reply) => CurrentCall.Value = new BatchCall(batchId, reply);

    public static void End() => CurrentCall.Value = null;

    internal BatchRequestCollectedException Capture(JsonObject request)
    {
        CollectedRequest = request;
        return new BatchRequestCollectedException();
    }

    internal bool TryServe() => Reply is not null && Interlocked.Exchange(ref _served, 1) == 0;
}

/// <summary>
/// Thrown by the wire instead of sending while a request is collected for a batch file: it is not a failure of the
/// call, so <see cref="StructuredLlmCall"/> lets it through to the batch route instead of recording a failed call.
/// </summary>
public sealed class BatchRequestCollectedException() : Exception("collected for the Batch API; not sent");
