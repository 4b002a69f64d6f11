namespace Screener.Core.Llm;

/// <summary>
/// What the HTTP handlers saw during one logical call (HTTP attempts, the response format really sent), carried to
/// the caller through the async flow because the SDK between them exposes none of it.
/// </summary>
public sealed class LlmCallMeter
{
    private static readonly AsyncLocal<LlmCallMeter?> CurrentMeter = new();
    private int _attempts;

    public static LlmCallMeter? Current => CurrentMeter.Value;

    /// <summary>Starts metering the calls made from the caller's async flow from here on.</summary>
    public static LlmCallMeter Start()
    {
        var meter = new LlmCallMeter();
        CurrentMeter.Value = meter;
        return meter;
    }

    /// <summary>HTTP attempts, retries included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>"json_schema", "json_object" or null (no response_format) as last sent.</summary>
    public string? ResponseFormat { get; private set; }

    /// <summary>True when the server rejected json_schema and the call was re-sent in JSON mode.</summary>
    public bool FellBackToJsonObject { get; private set; }

    /// <summary>For an in-process model: its file hash and size, the grammar and the sampling parameters used.</summary>
    public System.Text.Json.Nodes.JsonObject? LocalModel { get; private set; }

    /// <summary>The provider the call went to: "default" (the Llm section) or its Llm:Providers name, and its kind.</summary>
    public (string Name, string Kind)? Provider { get; private set; }

    internal void RecordProvider(string name, string kind) => Provider = (name, kind);

    internal void RecordLocalModel(System.Text.Json.Nodes.JsonObject details) => LocalModel = details;

    internal void CountAttempt() => Interlocked.Increment(ref _attempts);

    internal void RecordResponseFormat(string? format, bool fellBack)
    {
        ResponseFormat = format;
        FellBackToJsonObject |= fellBack;
    }
}
