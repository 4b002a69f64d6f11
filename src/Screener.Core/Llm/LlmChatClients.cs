using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Screener.Core.Llm;

/// <summary>
/// One chat client per model (Azure: per deployment), all sharing the gateway's HttpClient pipeline and limits, so
/// reviewer slots that name different models still count against one concurrency, rate and token budget.
/// </summary>
public sealed class LlmChatClients(LlmOptions options, IHttpClientFactory httpClients)
{
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);

    /// <summary>The client for <paramref name="model"/>; null or empty means Llm:Model.</summary>
    public IChatClient For(string? model = null)
    {
        var name = string.IsNullOrWhiteSpace(model) ? options.Model : model;
        return _clients.GetOrAdd(name, m =>
            LlmClientFactory.CreateChatClient(options, m, httpClients.CreateClient(LlmClients.HttpClientName)));
    }
}
