using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Screener.Core.Llm;

/// <summary>
/// The one place a reviewer slot's provider and model become a chat client: the Llm section's clients, or those of
/// a named provider (Llm:Providers:NAME), each built on first use with its own pipeline, limits and (llamasharp) model
/// load, which is shared with every other provider naming the same file.
/// </summary>
public sealed class LlmProviders(LlmOptions options, IServiceProvider services)
{
    /// <summary>How the audit names the Llm section's provider.</summary>
    public const string DefaultName = "default";

    private readonly ConcurrentDictionary<string, LlmChatClients> _named = new(StringComparer.OrdinalIgnoreCase);

    public IChatClient For(string model, string? provider = null)
    {
        if (provider is null) return services.GetRequiredService<LlmChatClients>().For(model);
        if (!options.Providers.TryGetValue(provider, out var named))
            throw new ScreenerException($"no LLM provider named '{provider}' (known: {string.Join(", ", options.Providers.Keys)}); add a section Llm:Providers:{provider}");
        return _named.GetOrAdd(provider, n => new LlmChatClients(named, services, LlmClients.HttpClientFor(n), n)).For(model);
    }
}
