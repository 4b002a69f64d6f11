using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Telemetry;

namespace Screener.Core.Llm;

/// <summary>Registration of the LLM gateway: options, the resilient HttpClient, IChatClient and the embedding generator.</summary>
public static class LlmClients
{
    public const string HttpClientName = "Screener.Llm";
    public const string EmbeddingsHttpClientName = "Screener.Llm.Embeddings";
    public const string BatchHttpClientName = "Screener.Llm.Batch";

    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Binds the "Llm" section as options validated when the host starts (ValidateOnStart, with every other section:
    /// <see cref="LlmOptionsValidation"/>) and registers that one <see cref="LlmOptions"/> instance. When a provider is
    /// configured it also registers <see cref="IChatClient"/> (for Llm:Model; <see cref="LlmChatClients"/> gives one
    /// per other model) and, when Llm:EmbeddingModel is set, <see cref="IEmbeddingGenerator{String, Embedding}"/>;
    /// with no provider neither is registered (resolve them with GetService and skip LLM steps on null).
    /// Register a <see cref="TokenCredential"/> first to replace DefaultAzureCredential for Azure without a key,
    /// and a <see cref="TimeProvider"/> to drive the resilience timers in tests.
    /// </summary>
    public static IServiceCollection AddScreenerLlm(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(LlmOptions.SectionName);
        services.AddOptions<LlmOptions>().Bind(section).PostConfigure(o => o.Normalise()).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidation>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LlmOptions>>().Value);
        services.AddSingleton<LlmEndpointCheck>();
        services.TryAddSingleton(TimeProvider.System);

        // Which clients to register follows from which providers the section names; their settings are read from the
        // validated instance when a client is built. A section that does not bind registers none, and the start's
        // validation names the setting.
        var shape = LlmOptions.ShapeOf(configuration);
        if (!shape.IsConfigured && shape.Providers.Count == 0) return services;

        services.AddLogging();
        services.AddSingleton<LlmProviders>();
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        foreach (var (name, provider) in shape.Providers.Where(p => p.Value.Provider != LlmProvider.LlamaSharp))
        {
            LlmOptions Named(IServiceProvider sp) => sp.GetRequiredService<LlmOptions>().Providers[name];
            services.AddKeyedSingleton(name, (sp, _) => new LlmGatewayState(
                Named(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LlmGatewayState>>()));
            AddPipeline(services, HttpClientFor(name), Named, sp => sp.GetRequiredKeyedService<LlmGatewayState>(name));
        }
        if (!shape.IsConfigured) return services;
        if (shape.Provider == LlmProvider.LlamaSharp)
        {
            // In-process: no HTTP pipeline; the model is loaded when the first client is asked for.
            services.AddSingleton<LlmChatClients>();
            services.AddSingleton(sp => sp.GetRequiredService<LlmChatClients>().For(sp.GetRequiredService<LlmOptions>().Model));
            if (shape.EmbeddingModelPath.Length > 0)
                services.AddSingleton(sp => LlamaEmbeddings.Create(sp.GetRequiredService<LlmOptions>()));
            return services;
        }
        services.AddSingleton<LlmGatewayState>();
        AddPipeline(services, HttpClientName, sp => sp.GetRequiredService<LlmOptions>(), sp => sp.GetRequiredService<LlmGatewayState>(), batchRoute: true);
        AddPipeline(services, EmbeddingsHttpClientName, sp => sp.GetRequiredService<LlmOptions>(), sp => sp.GetRequiredService<LlmGatewayState>());
        AddBatchApiPipeline(services);

        services.AddSingleton<LlmChatClients>();
        services.AddSingleton(sp => sp.GetRequiredService<LlmChatClients>().For(sp.GetRequiredService<LlmOptions>().Model));
        if (shape.EmbeddingModel.Length > 0)
            services.AddSingleton(sp => LlmClientFactory.CreateEmbeddingGenerator(
                sp.GetRequiredService<LlmOptions>(), sp.GetRequiredService<IHttpClientFactory>().CreateClient(EmbeddingsHttpClientName),
                sp.GetRequiredService<TokenCredential>));
        return services;
    }

    /// <summary>The HttpClient of a named provider (Llm:Providers:NAME): its own pipeline, limits and circuit.</summary>
    internal static string HttpClientFor(string providerName) => HttpClientName + ":" + providerName;

    /// <summary>
    /// Handlers outermost first: limits and response format (once per call), the Polly pipeline, then per-attempt
    /// authentication. Chat and embeddings get a pipeline each, so a failing one does not open the other's circuit;
    /// the client-side limits stay shared because the provider counts both against one quota.
    /// </summary>
    private static void AddPipeline(IServiceCollection services, string name, Func<IServiceProvider, LlmOptions> options,
        Func<IServiceProvider, LlmGatewayState> state, bool batchRoute = false)
    {
        // The clients are singletons holding one handler chain for the whole run, so connections are recycled
        // by the socket handler instead, to follow DNS changes of cloud endpoints.
        var http = services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime });
        // Outside the limits: a request collected for a batch file, or a reply served from one, uses no rate budget.
        if (batchRoute) http.AddHttpMessageHandler(sp => new Batch.BatchRouteHandler(state(sp)));
        http.AddHttpMessageHandler(sp => new LlmGatewayHandler(state(sp)));
        http.AddResilienceHandler(LlmResilience.PipelineName, (pipeline, context) => LlmResilience.Configure(
                pipeline, options(context.ServiceProvider),
                context.ServiceProvider.GetRequiredService<TimeProvider>(),
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LlmResilience)),
                context.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value));
        http.AddHttpMessageHandler(sp => new LlmWireHandler(state(sp)));
    }

    /// <summary>
    /// The files and batches endpoints: the same authentication, without the chat gateway (its limits and response
    /// format are for chat completions; an upload is multipart) and without retries: a POST repeated after a lost answer
    /// would upload or create twice. A failed step is taken again by the next run, which first looks for what the lost
    /// answer would have named (<see cref="Batch.BatchApi.FindFileAsync"/>, <see cref="Batch.BatchApi.FindBatchAsync"/>).
    /// </summary>
    private static void AddBatchApiPipeline(IServiceCollection services)
    {
        services.AddHttpClient(BatchHttpClientName, (sp, client) => client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<LlmOptions>().TotalTimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime })
            .AddHttpMessageHandler(sp => new Batch.AzureBatchAuthHandler(sp.GetRequiredService<LlmOptions>(), sp.GetRequiredService<TokenCredential>))
            .AddHttpMessageHandler(sp => new LlmWireHandler(sp.GetRequiredService<LlmGatewayState>()));
        services.AddSingleton(sp => new Batch.BatchApi(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(BatchHttpClientName), sp.GetRequiredService<LlmOptions>()));
    }
}
