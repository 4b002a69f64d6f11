using System.Net.Http.Headers;
using Azure.Core;

namespace Screener.Core.Llm.Batch;

/// <summary>
/// Azure's files and batches endpoints take the same api-version and api-key (or Entra ID bearer token) as its chat
/// endpoint. Chat goes through Azure.AI.OpenAI, which puts them on itself; the batch calls are plain HTTP, so this
/// handler does it for them, once per attempt. A run makes a few batch calls, so an Entra token is asked for each
/// (the credential caches it).
/// </summary>
internal sealed class AzureBatchAuthHandler(LlmOptions options, Func<TokenCredential> credential) : DelegatingHandler
{
    private const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (options.Provider == LlmProvider.Azure)
        {
            request.RequestUri = WithApiVersion(request.RequestUri!, options.ApiVersion);
            request.Headers.Remove("api-key");
            if (options.ApiKey.Length > 0)
                request.Headers.TryAddWithoutValidation("api-key", options.ApiKey);
            else
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                    (await credential().GetTokenAsync(new TokenRequestContext([CognitiveServicesScope]), ct)).Token);
        }
        return await base.SendAsync(request, ct);
    }

    internal static Uri WithApiVersion(Uri uri, string apiVersion)
    {
        if (uri.Query.Contains("api-version=", StringComparison.OrdinalIgnoreCase)) return uri;
        var separator = uri.Query.Length > 1 ? "&" : "?";
        return new Uri(uri.GetLeftPart(UriPartial.Path) + (uri.Query.Length > 1 ? uri.Query : "") + separator
            + "api-version=" + Uri.EscapeDataString(apiVersion));
    }
}
