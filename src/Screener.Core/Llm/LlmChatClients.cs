using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Screener.Core.Llm;

/// <summary>
/// One chat client per model (Azure: per deployment), all sharing the gateway's HttpClient pipeline and limits, so
/// reviewer slots that name different models still count against one concurrency, rate and token budget.
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

    public LlmChatClients(LlmOptions options, IServiceProvider services)
    {
        _options = options;
        _services = services;
        if (options.Provider == LlmProvider.LlamaSharp)
            _local = LlamaModels.Get(LlamaSettings.From(options));
        else
            _httpClients = (IHttpClientFactory)services.GetService(typeof(IHttpClientFactory))!;
    }

    /// <summary>The client for <paramref name="model"/>; null or empty means Llm:Model.</summary>
    public IChatClient For(string? model = null)
    {
        var name = string.IsNullOrWhiteSpace(model) ? _options.Model : model;
        return _clients.GetOrAdd(name, m => _local is not null
            ? new LlamaSharpChatClient(_local, m, _options.GrammarMaxStringLength)
            : LlmClientFactory.CreateChatClient(_options, m, _httpClients!.CreateClient(LlmClients.HttpClientName),
                _services.GetRequiredService<TokenCredential>));
    }
}
