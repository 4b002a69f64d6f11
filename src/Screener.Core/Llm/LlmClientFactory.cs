using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using OpenAI;

namespace Screener.Core.Llm;

/// <summary>
/// Builds the chat client and embedding generator with Semantic Kernel's connectors over our HttpClient: the OpenAI
/// connector for openai and local servers, the Azure OpenAI connector (AzureOpenAIClient from Azure.AI.OpenAI) for
/// Azure, which makes the deployment URL, api-version and the api-key or Entra ID bearer header itself.
/// Every SDK request goes through our HttpClient (the client options' Transport), so the Polly pipeline and the
/// client-side limits apply the same way to all providers. Semantic Kernel types stay inside this folder; callers
/// see only Microsoft.Extensions.AI.
/// </summary>
internal static class LlmClientFactory
{
    // The OpenAI SDK insists on a credential; the real one is applied by LlmWireHandler, so the key never enters
    // that SDK (and so never appears in its exception messages).
    private const string PlaceholderKey = "applied-by-screener-wire-handler";

    /// <param name="credential">Entra ID for Azure without an API key (DefaultAzureCredential unless a test supplies one).</param>
    public static IChatClient CreateChatClient(LlmOptions options, string model, HttpClient http, Func<TokenCredential> credential)
    {
        var kernel = Kernel.CreateBuilder();
        if (options.Provider == LlmProvider.Azure)
            kernel.AddAzureOpenAIChatClient(model, CreateAzureClient(options, http, credential));
        else
            kernel.AddOpenAIChatClient(model, CreateOpenAIClient(options, http));
        return kernel.Build().Services.GetRequiredService<IChatClient>();
    }

    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(
        LlmOptions options, HttpClient http, Func<TokenCredential> credential)
    {
        var kernel = Kernel.CreateBuilder();
#pragma warning disable SKEXP0010 // the embedding generator registrations are marked experimental; they are the MEAI ones we need
        if (options.Provider == LlmProvider.Azure)
            kernel.AddAzureOpenAIEmbeddingGenerator(options.EmbeddingModel, CreateAzureClient(options, http, credential));
        else
            kernel.AddOpenAIEmbeddingGenerator(options.EmbeddingModel, CreateOpenAIClient(options, http));
#pragma warning restore SKEXP0010
        return kernel.Build().Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
    }

    /// <summary>The base URL the OpenAI SDK appends "/chat/completions" or "/embeddings" to (not used for Azure).</summary>
    public static Uri EndpointFor(LlmOptions options) => options.Provider switch
    {
        LlmProvider.OpenAI when string.IsNullOrWhiteSpace(options.Endpoint) => new Uri("https://api.openai.com/v1"),
        _ => new Uri(options.Endpoint.TrimEnd('/')),
    };

    /// <summary>
    /// The SDK's name for an api-version ("2024-10-21" is V2024_10_21, "2025-01-01-preview" V2025_01_01_Preview);
    /// null when this Azure.AI.OpenAI does not know it.
    /// </summary>
    public static AzureOpenAIClientOptions.ServiceVersion? AzureServiceVersion(string apiVersion)
    {
        var name = "V" + apiVersion.Trim().Replace("-preview", "_Preview", StringComparison.OrdinalIgnoreCase).Replace('-', '_');
        return Enum.TryParse<AzureOpenAIClientOptions.ServiceVersion>(name, ignoreCase: true, out var version)
            && Enum.IsDefined(version) ? version : null;
    }

    /// <summary>The api-versions this Azure.AI.OpenAI can send, as the setting spells them.</summary>
    public static IEnumerable<string> KnownAzureApiVersions() =>
        Enum.GetNames<AzureOpenAIClientOptions.ServiceVersion>()
            .Select(n => n[1..].Replace("_Preview", "-preview", StringComparison.Ordinal).Replace('_', '-'));

    private static AzureOpenAIClient CreateAzureClient(LlmOptions options, HttpClient http, Func<TokenCredential> credential)
    {
        var endpoint = new Uri(options.Endpoint);
        var clientOptions = new AzureOpenAIClientOptions(AzureServiceVersion(options.ApiVersion)!.Value);
        ConfigureTransport(clientOptions, options, http);
        // The key is held by the SDK's credential policy, which puts it in the api-key header and nowhere else;
        // without a key the SDK's bearer policy asks the credential for a Cognitive Services token and caches it.
        return options.ApiKey.Length > 0
            ? new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey), clientOptions)
            : new AzureOpenAIClient(endpoint, credential(), clientOptions);
    }

    private static OpenAIClient CreateOpenAIClient(LlmOptions options, HttpClient http)
    {
        var clientOptions = new OpenAIClientOptions { Endpoint = EndpointFor(options) };
        ConfigureTransport(clientOptions, options, http);
        return new OpenAIClient(new ApiKeyCredential(PlaceholderKey), clientOptions);
    }

    private static void ConfigureTransport(ClientPipelineOptions clientOptions, LlmOptions options, HttpClient http)
    {
        clientOptions.Transport = new HttpClientPipelineTransport(http);
        // Retries and timeouts belong to the Polly pipeline on the HttpClient; the SDK's own would multiply them.
        clientOptions.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        clientOptions.NetworkTimeout = TimeSpan.FromSeconds(options.TotalTimeoutSeconds + 60);
    }
}
