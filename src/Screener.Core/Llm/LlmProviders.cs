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

    /// <summary>
    /// Builds every provider's clients now (loading llamasharp model files), so a missing or unloadable model stops the
    /// command with its cause before any work item is claimed, not item by item.
    /// </summary>
    public LlmProviders Prepare()
    {
        if (options.IsConfigured) services.GetRequiredService<LlmChatClients>();
        foreach (var name in options.Providers.Keys) Clients(name);
        return this;
    }

    public IChatClient For(string model, string? provider = null)
    {
        if (provider is null) return services.GetRequiredService<LlmChatClients>().For(model);
        if (!options.Providers.ContainsKey(provider))
            throw new ScreenerException($"no LLM provider named '{provider}' (known: {string.Join(", ", options.Providers.Keys)}); add a section Llm:Providers:{provider}");
        return Clients(provider).For(model);
    }

    private LlmChatClients Clients(string provider) =>
        _named.GetOrAdd(provider, n => new LlmChatClients(options.Providers[n], services, LlmClients.HttpClientFor(n), n));
}
