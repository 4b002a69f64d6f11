using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Screener.Core.Llm.Batch;

namespace Screener.Core.Llm;

public enum LlmProvider
{
    None,
    OpenAI,
    Azure,
    Local,
    /// <summary>A GGUF model in-process through LLamaSharp (Llm:ModelPath); no HTTP, no key.</summary>
    LlamaSharp,
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

    /// <summary>openai | azure | local | llamasharp; empty means no LLM is configured (LLM steps are skipped).</summary>
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

    /// <summary>Sent as json_schema.strict when the caller did not say; strict schemas need every property required and additionalProperties false.</summary>
    public bool StrictJsonSchema { get; set; } = true;

    /// <summary>Embedding model (Azure: its deployment name) for provider embeddings; empty means none are registered.</summary>
    public string EmbeddingModel { get; set; } = "";

    /// <summary>First retry delay before exponential growth and jitter; a server's Retry-After takes precedence.</summary>
    [Range(1, 600_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 2000;

    /// <summary>Cap on any single retry delay, including one asked for by Retry-After.</summary>
    [Range(1, 3600)]
    public int MaxRetryDelaySeconds { get; set; } = 120;

    /// <summary>Share of failed attempts within the sampling window that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts in the sampling window before the failure ratio counts.</summary>
    [Range(2, 100_000)]
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    [Range(1, 3600)]
    public int CircuitBreakerSamplingSeconds { get; set; } = 60;

    /// <summary>How long an open circuit fails calls fast before letting a trial call through.</summary>
    [Range(1, 3600)]
    public int CircuitBreakerBreakSeconds { get; set; } = 30;

    /// <summary>Completion tokens reserved against TokensPerMinute when a request sets no max tokens.</summary>
    [Range(0, 1_000_000)]
    public int CompletionTokensEstimate { get; set; } = 512;

    /// <summary>llamasharp: the GGUF model file. Loaded once per process, whatever the number of slots naming it.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>llamasharp: layers offloaded to the GPU; 0 = CPU only (needs the Cuda12 backend build to matter).</summary>
    [Range(0, 10_000)]
    public int GpuLayerCount { get; set; }

    /// <summary>llamasharp: tokens one record may use (prompt + reply); a longer prompt fails that record, not the run.</summary>
    [Range(256, 1_048_576)]
    public int ContextSize { get; set; } = 4096;

    /// <summary>llamasharp: CPU threads for decoding; 0 = llama.cpp's default (the physical cores).</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>llamasharp: records decoded together in one batch (each its own sequence of the shared context).</summary>
    [Range(1, 256)]
    public int ParallelSequences { get; set; } = 4;

    /// <summary>llamasharp: flash attention on or off; unset = off on the CPU (GpuLayerCount 0, where llama.cpp's kernel is slower), llama.cpp's auto with GPU layers.</summary>
    public bool? FlashAttention { get; set; }

    /// <summary>
    /// llamasharp: one KV cache shared by the parallel sequences (true) or one per sequence (false). Records share no
    /// prefix that is reused, and in a unified cache each generated token attends over the cells of every sequence in
    /// the batch, so CPU per record grew with ParallelSequences (bench llamasharp; README "Local model").
    /// </summary>
    public bool KvUnified { get; set; }

    /// <summary>llamasharp: sampling seed when the slot sets none, so a rerun gives the same replies.</summary>
    [Range(0, uint.MaxValue)]
    public long Seed { get; set; } = 42;

    /// <summary>llamasharp: the longest string the reply grammar lets the model write (a quote, a reason), so it cannot ramble past its token budget.</summary>
    [Range(1, 100_000)]
    public int GrammarMaxStringLength { get; set; } = JsonSchemaGrammar.DefaultMaxStringLength;

    /// <summary>llamasharp: a GGUF embedding model for `embed --provider`; empty means none.</summary>
    public string EmbeddingModelPath { get; set; } = "";

    /// <summary>Price per million tokens by model name: Prices:gpt-4o:Input = 2.5, Prices:gpt-4o:Output = 10.</summary>
    public Dictionary<string, ModelPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Largest cost in dollars (by the Prices table) of one run over all its invocations; a run that reaches it stops
    /// claiming work, lets its calls in flight finish and stays resumable (`screen --max-cost` overrides). 0 = no limit.
    /// </summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal MaxCostPerRun { get; set; }

    /// <summary>
    /// Named providers for reviewer slots (`provider: NAME` in the protocol): Llm:Providers:NAME:Provider, Endpoint,
    /// Model, ApiKey, ModelPath, RequestsPerMinute, ... Each is a whole section of its own (unset settings take the
    /// built-in defaults, not the Llm section's) with its own client, limits and prices.
    /// </summary>
    public Dictionary<string, LlmOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where these settings come from, for error messages: "Llm" or "Llm:Providers:NAME".</summary>
    internal string Section { get; private set; } = SectionName;

    /// <summary>Llm:Batch: the Batch API's limits per input file (`screen --batch`, `extract --batch`).</summary>
    public LlmBatchOptions Batch { get; set; } = new();

    public bool IsConfigured => Provider != LlmProvider.None;

    /// <summary>
    /// The section as far as it binds, for a host deciding what to register (which providers, a worker or not); never
    /// the instance the app reads, which is validated at start. A section that does not bind reads as no LLM here,
    /// and the start's validation names the setting.
    /// </summary>
    public static LlmOptions ShapeOf(IConfiguration configuration)
    {
        try
        {
            var shape = configuration.GetSection(SectionName).Get<LlmOptions>() ?? new LlmOptions();
            shape.Normalise();
            return shape;
        }
        catch (InvalidOperationException)
        {
            return new LlmOptions();
        }
    }

    /// <summary>
    /// Fills in what follows from other settings: each named provider's section name (for messages), a llamasharp
    /// model's name from its file, and the named providers' prices in the one price table (a price is looked up by
    /// model). Runs when the options are bound, before <see cref="Validate"/>; running it twice changes nothing.
    /// </summary>
    public void Normalise()
    {
        foreach (var (name, provider) in Providers)
        {
            provider.Section = $"{SectionName}:Providers:{name}";
            provider.Normalise();
            foreach (var (model, price) in provider.Prices)
                if (!Prices.Keys.Any(p => LlmCost.PriceKey(p) == LlmCost.PriceKey(model))) Prices[model] = price;
        }
        if (Provider != LlmProvider.LlamaSharp) return;
        if (string.IsNullOrWhiteSpace(Model) && !string.IsNullOrWhiteSpace(ModelPath)) Model = Path.GetFileNameWithoutExtension(ModelPath);
        if (EmbeddingModelPath.Length > 0 && string.IsNullOrWhiteSpace(EmbeddingModel))
            EmbeddingModel = Path.GetFileNameWithoutExtension(EmbeddingModelPath);
    }

    /// <summary>
    /// Checks the section (after <see cref="Normalise"/>), naming the setting to fix; never echoes the API key. The hosts
    /// run it at start through <see cref="LlmOptionsValidation"/> and ValidateOnStart, with every other section.
    /// </summary>
    public void Validate()
    {
        Normalise();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
            throw Invalid(results[0].ErrorMessage ?? "a value is out of range");
        if (!Validator.TryValidateObject(Batch, new ValidationContext(Batch), results, validateAllProperties: true))
            throw Invalid("Batch:" + (results[0].ErrorMessage ?? "a value is out of range"));
        ValidatePrices();
        ValidateProviders();
        if (!IsConfigured) return;
        if (Provider == LlmProvider.LlamaSharp)
        {
            if (string.IsNullOrWhiteSpace(ModelPath))
                throw Invalid("ModelPath (a GGUF file) is required for provider llamasharp (SCREENER__Llm__ModelPath)");
            return;
        }
        if (Provider is LlmProvider.Azure or LlmProvider.Local && string.IsNullOrWhiteSpace(Endpoint))
            throw Invalid($"Endpoint is required for provider {Provider} (SCREENER__Llm__Endpoint)");
        if (Endpoint.Length > 0 && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            throw Invalid($"Endpoint '{Endpoint}' is not an absolute http(s) URL");
        if (string.IsNullOrWhiteSpace(Model))
            throw Invalid(Provider == LlmProvider.Azure
                ? "Model (the Azure deployment name) is required (SCREENER__Llm__Model)"
                : "Model is required (SCREENER__Llm__Model)");
        if (Provider == LlmProvider.OpenAI && string.IsNullOrWhiteSpace(ApiKey))
            throw Invalid("ApiKey is required for provider OpenAI: set the environment variable SCREENER__Llm__ApiKey");
        if (Provider == LlmProvider.Azure && LlmClientFactory.AzureServiceVersion(ApiVersion) is null)
            throw Invalid($"ApiVersion '{ApiVersion}' is not one Azure.AI.OpenAI can send; use one of " +
                $"{string.Join(", ", LlmClientFactory.KnownAzureApiVersions())} (SCREENER__Llm__ApiVersion)");
        if (AttemptTimeoutSeconds > TotalTimeoutSeconds)
            throw Invalid($"AttemptTimeoutSeconds ({AttemptTimeoutSeconds}) is longer than TotalTimeoutSeconds ({TotalTimeoutSeconds})");
    }

    /// <summary>
    /// Each named provider is validated as a section of its own. Its prices joined the run's price table in
    /// <see cref="Normalise"/>, so the same model priced differently in two sections is refused here.
    /// </summary>
    private void ValidateProviders()
    {
        foreach (var (name, provider) in Providers)
        {
            if (!provider.IsConfigured)
                throw provider.Invalid("Provider is required (openai, azure, local or llamasharp)");
            if (provider.Providers.Count > 0) throw provider.Invalid("a named provider cannot have Providers of its own");
            provider.Validate();
            foreach (var (model, price) in provider.Prices)
            {
                var same = Prices.First(p => LlmCost.PriceKey(p.Key) == LlmCost.PriceKey(model));
                if (same.Value.Input != price.Input || same.Value.Output != price.Output)
                    throw provider.Invalid($"Prices:{model} differs from the price of '{same.Key}' elsewhere in the Llm section; a model has one price");
            }
        }
    }

    /// <summary>A price is looked up by <see cref="LlmCost.PriceKey"/>; two names with one key would make the price a matter of order.</summary>
    private void ValidatePrices()
    {
        var clash = Prices.Keys.GroupBy(LlmCost.PriceKey).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw Invalid($"Prices has {string.Join(" and ", clash.Select(n => $"'{n}'"))}, which name the same model " +
                "('_' stands for '-' or '.', and case is ignored): keep one");
    }

    private ScreenerException Invalid(string problem)
    {
        var environment = "SCREENER__" + Section.Replace(":", "__", StringComparison.Ordinal) + "__";
        return new($"LLM section {Section} (appsettings.json or {environment}...): " +
            problem.Replace("SCREENER__Llm__", environment, StringComparison.Ordinal));
    }
}
