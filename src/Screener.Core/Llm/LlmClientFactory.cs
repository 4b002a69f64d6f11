using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using OpenAI;

namespace Screener.Core.Llm;

/// <summary>
/// Builds the chat client and embedding generator with Semantic Kernel's OpenAI connector over our HttpClient.
/// Azure OpenAI goes through the same connector: its deployment URL is the endpoint, and the wire handler adds
/// api-version and the api-key / bearer header (Azure.AI.OpenAI 2.1 is binary-incompatible with OpenAI 2.14).
/// Semantic Kernel types stay inside this folder; callers see only Microsoft.Extensions.AI.
/// </summary>
internal static class LlmClientFactory
{
    // The SDK insists on a credential; the real one is applied by LlmWireHandler, so the key never enters the SDK
    // (and so never appears in its exception messages).
    private const string PlaceholderKey = "applied-by-screener-wire-handler";

    public static IChatClient CreateChatClient(LlmOptions options, string model, HttpClient http)
    {
        var client = CreateOpenAIClient(options, model, http);
        return Kernel.CreateBuilder().AddOpenAIChatClient(model, client).Build().Services.GetRequiredService<IChatClient>();
    }

    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(LlmOptions options, HttpClient http)
    {
        var client = CreateOpenAIClient(options, options.EmbeddingModel, http);
#pragma warning disable SKEXP0010 // the embedding generator registration is marked experimental; it is the MEAI one we need
        return Kernel.CreateBuilder().AddOpenAIEmbeddingGenerator(options.EmbeddingModel, client).Build()
            .Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
#pragma warning restore SKEXP0010
    }

    /// <summary>The base URL the SDK appends "/chat/completions" or "/embeddings" to.</summary>
    public static Uri EndpointFor(LlmOptions options, string model) => options.Provider switch
    {
        LlmProvider.Azure => new Uri($"{options.Endpoint.TrimEnd('/')}/openai/deployments/{Uri.EscapeDataString(model)}"),
        LlmProvider.OpenAI when string.IsNullOrWhiteSpace(options.Endpoint) => new Uri("https://api.openai.com/v1"),
        _ => new Uri(options.Endpoint.TrimEnd('/')),
    };

    private static OpenAIClient CreateOpenAIClient(LlmOptions options, string model, HttpClient http) =>
        new(new ApiKeyCredential(PlaceholderKey), new OpenAIClientOptions
        {
            Endpoint = EndpointFor(options, model),
            Transport = new HttpClientPipelineTransport(http),
            // Retries and timeouts belong to the Polly pipeline on the HttpClient; the SDK's own would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(options.TotalTimeoutSeconds + 60),
        });
}
