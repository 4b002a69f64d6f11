using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Screener.Core;
using Screener.Core.Llm;
using Screener.FakeLlm;

namespace Screener.IntegrationTests.Llm;

/// <summary>
/// The production registration (AddScreenerLlm: SK connector, handlers, Polly pipeline) pointed at a loopback
/// FakeLlmServer. Defaults: local provider, fast retries; each test overrides what it is about.
/// </summary>
internal sealed class LlmTestHost : IAsyncDisposable
{
    private LlmTestHost(FakeLlmServer server, ServiceProvider services, RecordingLogs logs)
    {
        Server = server;
        Services = services;
        Logs = logs;
    }

    public FakeLlmServer Server { get; }
    public ServiceProvider Services { get; }
    public RecordingLogs Logs { get; }
    public IChatClient Chat => Services.GetRequiredService<IChatClient>();
    public LlmOptions Options => Services.GetRequiredService<LlmOptions>();
    public LlmRunUsage Usage { get; } = new(new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["test-model"] = new() { Input = 2.5m, Output = 10m },
    });

    public static async Task<LlmTestHost> StartAsync(
        Func<FakeLlmRequest, FakeLlmReply>? responder = null,
        Func<FakeLlmServer, Dictionary<string, string?>>? settings = null,
        TimeProvider? time = null,
        TokenCredential? credential = null)
    {
        var server = await FakeLlmServer.StartAsync(responder);
        var values = new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local",
            ["Llm:Endpoint"] = server.OpenAIEndpoint(),
            ["Llm:Model"] = "test-model",
            ["Llm:MaxRetries"] = "3",
            ["Llm:RetryBaseDelayMilliseconds"] = "10",
            ["Llm:AttemptTimeoutSeconds"] = "30",
            ["Llm:TotalTimeoutSeconds"] = "60",
        };
        foreach (var (key, value) in settings?.Invoke(server) ?? []) values[key] = value;
        var configuration = ScreenerServices.BuildConfiguration(basePath: Path.GetTempPath(), overrides: values);
        var logs = new RecordingLogs();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        if (time is not null) services.AddSingleton(time);
        if (credential is not null) services.AddSingleton(credential);
        var provider = services.AddScreenerLlm(configuration).BuildServiceProvider();
        try
        {
            // As the hosts do before any work: every section is validated at start.
            ScreenerServices.ValidateAtStart(provider);
        }
        catch
        {
            await provider.DisposeAsync();
            await server.DisposeAsync();
            throw;
        }
        return new LlmTestHost(server, provider, logs);
    }

    /// <summary>A structured call asking for {"decision": "..."} with a JSON schema, parsed strictly.</summary>
    public Task<LlmCallResult<string>> DecideAsync(string user = "Screen this abstract. Reply in JSON.", ChatOptions? options = null) =>
        StructuredLlmCall.RunAsync(Chat, [new ChatMessage(ChatRole.System, "You screen records."), new ChatMessage(ChatRole.User, user)],
            options ?? DecisionOptions(), ParseDecision, Usage, CancellationToken.None);

    public static ChatOptions DecisionOptions() => new()
    {
        Temperature = 0,
        Seed = 42,
        MaxOutputTokens = 200,
        ResponseFormat = ChatResponseFormat.ForJsonSchema(DecisionSchema, "screening_decision", "A screening decision"),
    };

    public static readonly JsonElement DecisionSchema = JsonDocument.Parse("""
        {"type":"object","properties":{"decision":{"type":"string","enum":["include","exclude","unsure"]}},
         "required":["decision"],"additionalProperties":false}
        """).RootElement;

    public static ParseResult<string> ParseDecision(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("decision", out var d) && d.GetString() is "include" or "exclude" or "unsure"
                ? ParseResult<string>.Success(d.GetString()!)
                : ParseResult<string>.Failure("missing or invalid \"decision\"");
        }
        catch (JsonException e)
        {
            return ParseResult<string>.Failure("not valid JSON: " + e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>Every log message written through the host's logging, at every level.</summary>
internal sealed class RecordingLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(RecordingLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
