using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Screener.FakeLlm;

/// <summary>
/// A Kestrel server on 127.0.0.1 (a free port) that answers OpenAI <c>POST {base}/chat/completions</c> and
/// <c>{base}/embeddings</c> under any base path, and Azure OpenAI
/// <c>POST /openai/deployments/{deployment}/chat/completions?api-version=...</c> (and <c>/embeddings</c>),
/// with replies scripted per request by <see cref="Responder"/>. Every request is recorded.
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<FakeLlmRequest> _requests = [];
    private readonly Lock _requestsLock = new();
    private int _sequence;
    private int _inFlight;
    private int _maxConcurrent;

    private FakeLlmServer(WebApplication app, Func<FakeLlmRequest, FakeLlmReply> responder)
    {
        _app = app;
        Responder = responder;
        Batches = new FakeBatchApi(request => Responder(request));
    }

    /// <summary>The files and batches endpoints (Batch API); their lines are answered by <see cref="Responder"/>.</summary>
    public FakeBatchApi Batches { get; }

    /// <summary>Decides the reply to each request; may be replaced between calls. Called concurrently.</summary>
    public Func<FakeLlmRequest, FakeLlmReply> Responder { get; set; }

    /// <summary>
    /// What GET {base}/models lists (the pre-flight check of `screen`); empty lists nothing, which names no model as
    /// missing. These GETs are counted in <see cref="ModelListRequests"/>, not in <see cref="RequestCount"/>.
    /// </summary>
    public IReadOnlyList<string> ServedModels { get; set; } = [];

    /// <summary>Replaces the answer to GET {base}/models (an error status, say); null answers with <see cref="ServedModels"/>.</summary>
    public FakeLlmReply? ModelsReply { get; set; }

    private int _modelListRequests;

    public int ModelListRequests => Volatile.Read(ref _modelListRequests);

    /// <summary>Off for long benchmarks, where only the counters matter.</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>Length of the hashed embedding vectors when the request names no "dimensions".</summary>
    public int EmbeddingDimensions { get; set; } = 64;

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>An OpenAI-style base URL (default "/v1"), as Llm:Endpoint is written for openai and local.</summary>
    public string OpenAIEndpoint(string basePath = "v1") => new Uri(BaseAddress, basePath).ToString();

    public int RequestCount => Volatile.Read(ref _sequence);

    /// <summary>The most requests that were being answered at the same moment.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public IReadOnlyList<FakeLlmRequest> Requests
    {
        get { lock (_requestsLock) return [.. _requests]; }
    }

    public static async Task<FakeLlmServer> StartAsync(
        Func<FakeLlmRequest, FakeLlmReply>? responder = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var server = new FakeLlmServer(app, responder ?? (_ => new FakeLlmReply()));
        app.MapPost("/{**path}", server.HandleAsync);
        app.MapGet("/{**path}", server.HandleModelsAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>A responder that plays the replies in order and repeats the last one.</summary>
    public static Func<FakeLlmRequest, FakeLlmReply> Script(params FakeLlmReply[] replies)
    {
        var next = -1;
        return _ => replies[Math.Min(Interlocked.Increment(ref next), replies.Length - 1)];
    }

    public void ClearRequests()
    {
        lock (_requestsLock) _requests.Clear();
        Interlocked.Exchange(ref _maxConcurrent, 0);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (FakeBatchApi.Handles(context))
        {
            await Batches.HandleAsync(context);
            return;
        }
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            RaiseMax(inFlight);
            var request = await FakeLlmWire.ReadRequestAsync(context, Interlocked.Increment(ref _sequence));
            if (request is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            if (RecordRequests)
                lock (_requestsLock) _requests.Add(request);
            var rejection = FakeLlmWire.AzureRejection(request);
            var reply = rejection ?? Responder(request);
            await FakeLlmWire.WriteReplyAsync(context, request, reply, EmbeddingDimensions);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task HandleModelsAsync(HttpContext context)
    {
        if (FakeBatchApi.Handles(context))
        {
            await Batches.HandleAsync(context);
            return;
        }
        if (context.Request.Path.Value?.EndsWith("/models", StringComparison.Ordinal) != true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Interlocked.Increment(ref _modelListRequests);
        var reply = ModelsReply;
        context.Response.StatusCode = reply?.StatusCode ?? StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var list = new System.Text.Json.Nodes.JsonArray([.. ServedModels.Select(m =>
            (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["id"] = m, ["object"] = "model", ["owned_by"] = "fake" })]);
        await context.Response.WriteAsync(reply?.RawBody ?? new System.Text.Json.Nodes.JsonObject { ["object"] = "list", ["data"] = list }.ToJsonString());
    }

    private void RaiseMax(int value)
    {
        var seen = Volatile.Read(ref _maxConcurrent);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref _maxConcurrent, value, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
