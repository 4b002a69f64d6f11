using System.ComponentModel.DataAnnotations;

namespace Screener.Core.Llm;

public enum LlmProvider
{
    None,
    OpenAI,
    Azure,
    Local,
}

/// <summary>How structured replies are requested; "auto" uses JSON schema where the provider supports it.</summary>
public enum StructuredOutputMode
{
    Auto,
    JsonSchema,
    JsonObject,
    None,
}

/// <summary>The "Llm" section: which provider and model, and the client-side limits. Secrets come from the environment.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    /// <summary>openai | azure | local; empty means no LLM is configured (LLM steps are skipped).</summary>
    public LlmProvider Provider { get; set; } = LlmProvider.None;

    /// <summary>Base URL. OpenAI default https://api.openai.com/v1; Azure https://NAME.openai.azure.com; local e.g. http://127.0.0.1:8000/v1.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Never logged. For Azure, empty means Entra ID (a bearer token from the environment's credential).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The model; for Azure the deployment name.</summary>
    public string Model { get; set; } = "";

    /// <summary>Azure OpenAI api-version query parameter.</summary>
    public string ApiVersion { get; set; } = "2024-10-21";

    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Client-side request budget per minute; 0 = unlimited.</summary>
    [Range(0, 1_000_000)]
    public int RequestsPerMinute { get; set; }

    /// <summary>Client-side token budget per minute (prompt + completion, estimated before the call); 0 = unlimited.</summary>
    [Range(0, 100_000_000)]
    public int TokensPerMinute { get; set; }

    /// <summary>Per attempt. LLM replies routinely take tens of seconds, so HttpClient's defaults are too short.</summary>
    [Range(1, 3600)]
    public int AttemptTimeoutSeconds { get; set; } = 120;

    /// <summary>For one call including all retries.</summary>
    [Range(1, 36000)]
    public int TotalTimeoutSeconds { get; set; } = 600;

    [Range(0, 20)]
    public int MaxRetries { get; set; } = 6;

    public StructuredOutputMode StructuredOutput { get; set; } = StructuredOutputMode.Auto;

    /// <summary>Price per million tokens by model name: Prices:gpt-4o:Input = 2.5, Prices:gpt-4o:Output = 10.</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsConfigured => Provider != LlmProvider.None;
}

public sealed class ModelPrice
{
    public decimal Input { get; set; }
    public decimal Output { get; set; }
}
