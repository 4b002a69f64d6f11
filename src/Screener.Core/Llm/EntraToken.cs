using Azure.Core;

namespace Screener.Core.Llm;

/// <summary>
/// Entra ID bearer tokens for Azure OpenAI when no API key is configured, cached until shortly before they expire.
/// The credential is injectable (DefaultAzureCredential in production, a fake in tests).
/// </summary>
public sealed class EntraToken(TokenCredential credential, TimeProvider time)
{
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    // Refresh early so a token never expires between being read and reaching the server.
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private AccessToken? _cached;

    public async ValueTask<string> GetAsync(CancellationToken ct)
    {
        if (_cached is { } token && token.ExpiresOn - RefreshMargin > time.GetUtcNow()) return token.Token;
        await _refresh.WaitAsync(ct);
        try
        {
            if (_cached is { } again && again.ExpiresOn - RefreshMargin > time.GetUtcNow()) return again.Token;
            var fresh = await credential.GetTokenAsync(new TokenRequestContext([CognitiveServicesScope]), ct);
            _cached = fresh;
            return fresh.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
