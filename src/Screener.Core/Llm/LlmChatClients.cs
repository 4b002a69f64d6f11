using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Screener.Core.Llm;

/// <summary>
/// One chat client per model (Azure: per deployment) of one provider (the Llm section or one Llm:Providers:NAME),
/// all sharing that provider's HttpClient pipeline and limits, so reviewer slots that name different models of it
/// still count against one concurrency, rate and token budget.
/// For llamasharp the model file is loaded here, when the first use case asks for a client, so a bad file stops the
/// command before any work item is claimed.
/// </summary>
public sealed class LlmChatClients
{
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);
    private readonly LlmOptions _options;
    private readonly IHttpClientFactory? _httpClients;
    private readonly LoadedLlamaModel? _local;
    private readonly IServiceProvider _services;
    private readonly string _httpClientName;
    private readonly string _providerName;

    public LlmChatClients(LlmOptions options, IServiceProvider services)
        : this(options, services, LlmClients.HttpClientName, LlmProviders.DefaultName)
    {
    }

    internal LlmChatClients(LlmOptions options, IServiceProvider services, string httpClientName, string providerName)
    {
        _options = options;
        _services = services;
        _httpClientName = httpClientName;
        _providerName = providerName;
        if (options.Provider == LlmProvider.LlamaSharp)
            _local = LlamaModels.Get(LlamaSettings.From(options));
        else
            _httpClients = (IHttpClientFactory)services.GetService(typeof(IHttpClientFactory))!;
    }

    /// <summary>The client for <paramref name="model"/>; null or empty means this provider's Model.</summary>
    public IChatClient For(string? model = null)
    {
        var name = string.IsNullOrWhiteSpace(model) ? _options.Model : model;
        return _clients.GetOrAdd(name, m => new ProviderNamingChatClient(_local is not null
            ? new LlamaSharpChatClient(_local, m, _options.GrammarMaxStringLength)
            : LlmClientFactory.CreateChatClient(_options, m, _httpClients!.CreateClient(_httpClientName),
                _services.GetRequiredService<TokenCredential>), _providerName, _options.Provider));
    }

    /// <summary>Puts the provider's name and kind into the call's audit parameters.</summary>
    private sealed class ProviderNamingChatClient(IChatClient inner, string name, LlmProvider kind) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            LlmCallMeter.Current?.RecordProvider(name, kind.ToString().ToLowerInvariant());
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
