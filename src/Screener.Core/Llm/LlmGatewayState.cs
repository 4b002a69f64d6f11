using Microsoft.Extensions.Logging;

namespace Screener.Core.Llm;

/// <summary>What all calls of the process share: the options, the client-side limits and what was learnt about the server.</summary>
internal sealed class LlmGatewayState(LlmOptions options, TimeProvider time, ILogger<LlmGatewayState> logger)
    : IDisposable
{
    private int _schemaRejected;

    public LlmOptions Options { get; } = options;

    public LlmLimits Limits { get; } = new(options.MaxConcurrency, options.RequestsPerMinute, options.TokensPerMinute, time);

    public ILogger Logger { get; } = logger;

    /// <summary>Set once the server has refused a json_schema request; the rest of the run uses JSON mode.</summary>
    public bool SchemaRejected => Volatile.Read(ref _schemaRejected) == 1;

    /// <summary>The server's own words are logged: a 400 for a schema the server cannot take in strict mode looks the same.</summary>
    public void RememberSchemaRejected(string serverMessage)
    {
        if (Interlocked.Exchange(ref _schemaRejected, 1) == 0)
            Logger.LogWarning(
                "The LLM server rejected a json_schema response_format; using JSON mode (json_object) for the rest of the run. Model {Model}. Server said: {ServerMessage}",
                Options.Model, serverMessage.Length <= 300 ? serverMessage : serverMessage[..300]);
    }

    public void Dispose() => Limits.Dispose();
}
