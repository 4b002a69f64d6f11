using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Screener.Core.Llm;

/// <summary>A model a run would call: on the Llm section's provider (Provider null) or a named one (Llm:Providers:NAME).</summary>
public sealed record ModelOnProvider(string? Provider, string Model);

/// <summary>
/// One cheap request per model before a run claims work, so that a wrong endpoint, key or model fails in seconds with
/// its cause instead of after every retry of every item (issue 21 item 7). OpenAI-style servers: GET {endpoint}/models,
/// the model looked up in the list; when the list does not name it (llama.cpp serves any name) or the server has no
/// /models, one chat completion of one token decides. Azure: that chat call on the deployment, made by Azure.AI.OpenAI
/// (which owns the URL scheme and authentication there). Each reviewer slot is checked on its own provider (the Llm
/// section or Llm:Providers:NAME, with that section's endpoint, key and model; llamasharp models are checked when
/// loaded). With `--batch`, what the batch route needs instead: the files endpoint answering with the key
/// (<see cref="BatchProblemAsync"/>). Sent without the retry pipeline (a refused connection is an answer here), with
/// the same authentication. A busy or failing server (429, 5xx) is not judged: the run's retries deal with that.
/// </summary>
public sealed class LlmEndpointCheck(LlmOptions options, IServiceProvider services)
{
    private const int MaxReasonLength = 200;

    /// <summary>Null when every model of the Llm section's provider answered; else one line naming the endpoint and the reason.</summary>
    public Task<string?> ProblemAsync(IEnumerable<string> models, CancellationToken ct) =>
        ProblemAsync(models.Select(m => new ModelOnProvider(null, m)), ct);

    /// <summary>Null when every model answered on its provider; else one line naming the provider, the endpoint and the reason.</summary>
    public async Task<string?> ProblemAsync(IEnumerable<ModelOnProvider> models, CancellationToken ct)
    {
        foreach (var group in models.Distinct().GroupBy(m => m.Provider))
        {
            // An unknown provider name is refused earlier, naming the slot (ScreeningRunSettings).
            var provider = group.Key is null ? options : options.Providers.GetValueOrDefault(group.Key);
            if (provider is null || !provider.IsConfigured || provider.Provider == LlmProvider.LlamaSharp) continue;
            var state = group.Key is null
                ? services.GetRequiredService<LlmGatewayState>()
                : services.GetRequiredKeyedService<LlmGatewayState>(group.Key);
            if (await ProviderProblemAsync(provider, group.Key, state, group.Select(m => m.Model), ct) is { } problem) return problem;
        }
        return null;
    }

    /// <summary>
    /// For `--batch`: the batch files list of the Llm section's provider, with its key (an Azure batch deployment serves
    /// no online chat, so the chat check says nothing about it). Null when it answers, or for a provider without a Batch
    /// API (the batch route refuses those with its own line).
    /// </summary>
    public async Task<string?> BatchProblemAsync(CancellationToken ct)
    {
        if (options.Provider is not (LlmProvider.OpenAI or LlmProvider.Azure) || services.GetService<Batch.BatchApi>() is not { } api) return null;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
        string? reason;
        try
        {
            using var response = await api.ProbeFilesAsync(attempt.Token);
            reason = response.IsSuccessStatusCode ? null : await StatusProblemAsync(response, options.Section, forModel: false, ct);
        }
        catch (HttpRequestException e)
        {
            reason = "cannot connect: " + Shorten(e.InnerException?.Message ?? e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            reason = $"no answer within Llm:AttemptTimeoutSeconds ({options.AttemptTimeoutSeconds} s)";
        }
        return reason is null ? null
            : $"the Batch API endpoint {api.FilesUrl} (provider {options.Provider.ToString().ToLowerInvariant()}, needed by --batch) cannot be used: {reason}; nothing was claimed";
    }

    private async Task<string?> ProviderProblemAsync(LlmOptions provider, string? name, LlmGatewayState state, IEnumerable<string> models, CancellationToken ct)
    {
        var recorder = new LastResponse { InnerHandler = new SocketsHttpHandler() };
        var wire = new LlmWireHandler(state) { InnerHandler = recorder };
        using var http = new HttpClient(wire) { Timeout = TimeSpan.FromSeconds(provider.AttemptTimeoutSeconds) };
        var kind = provider.Provider.ToString().ToLowerInvariant();
        var label = name is null ? $"provider {kind}" : $"provider '{name}' ({kind}, section {provider.Section})";
        foreach (var model in models.Distinct(StringComparer.Ordinal))
        {
            var endpoint = provider.Provider == LlmProvider.Azure
                ? $"{provider.Endpoint.TrimEnd('/')}/openai/deployments/{model}"
                : LlmClientFactory.EndpointFor(provider).ToString().TrimEnd('/');
            string? reason;
            try
            {
                reason = provider.Provider == LlmProvider.Azure
                    ? await AzureChatProblemAsync(provider, http, recorder, model, ct)
                    : await ModelsProblemAsync(http, endpoint, model, provider.Section, ct);
            }
            catch (HttpRequestException e)
            {
                reason = "cannot connect: " + Shorten(e.InnerException?.Message ?? e.Message);
            }
            catch (ClientResultException e) when (e.Status == 0)
            {
                reason = "cannot connect: " + Shorten((e.InnerException?.InnerException ?? e.InnerException ?? e).Message);
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                reason = $"no answer within {provider.Section}:AttemptTimeoutSeconds ({provider.AttemptTimeoutSeconds} s)";
            }
            if (reason is not null)
                return $"the LLM endpoint {endpoint} ({label}, model '{model}') cannot be used: {reason}; nothing was claimed";
        }
        return null;
    }

    private async Task<string?> AzureChatProblemAsync(LlmOptions provider, HttpClient http, LastResponse recorder, string model, CancellationToken ct)
    {
        var chat = LlmClientFactory.CreateChatClient(provider, model, http, services.GetRequiredService<TokenCredential>);
        try
        {
            await chat.GetResponseAsync("Reply with OK.", new ChatOptions { MaxOutputTokens = 1 }, ct);
            return null;
        }
        catch (ClientResultException e) when (e.Status != 0 && recorder.Status is { } status)
        {
            return status == HttpStatusCode.BadRequest ? null : StatusProblem(status, recorder.Body, recorder.Uri, provider.Section, forModel: true);
        }
    }

    private static async Task<string?> ModelsProblemAsync(HttpClient http, string endpoint, string model, string section, CancellationToken ct)
    {
        using var response = await http.GetAsync(endpoint + "/models", ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            return await ChatProblemAsync(http, endpoint, model, section, ct); // no /models here: the chat call decides
        if (!response.IsSuccessStatusCode) return await StatusProblemAsync(response, section, forModel: true, ct);
        var listed = Listed(await response.Content.ReadAsStringAsync(ct));
        var served = listed.Count == 0 || listed.Any(id => id == model || id.StartsWith(model + ":", StringComparison.Ordinal));
        return served ? null : await ChatProblemAsync(http, endpoint, model, section, ct);
    }

    private static async Task<string?> ChatProblemAsync(HttpClient http, string endpoint, string model, string section, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Reply with OK." }),
            ["max_tokens"] = 1,
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(endpoint + "/chat/completions", content, ct);
        // 400 is not judged: some models refuse max_tokens, which says nothing about the endpoint or the model.
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.BadRequest ? null : await StatusProblemAsync(response, section, forModel: true, ct);
    }

    private static async Task<string?> StatusProblemAsync(HttpResponseMessage response, string section, bool forModel, CancellationToken ct) =>
        StatusProblem(response.StatusCode, await response.Content.ReadAsStringAsync(ct), response.RequestMessage?.RequestUri, section, forModel);

    /// <summary>The reason, with the settings of <paramref name="section"/> (Llm or Llm:Providers:NAME) to check.</summary>
    private static string? StatusProblem(HttpStatusCode statusCode, string body, Uri? uri, string section, bool forModel)
    {
        var status = (int)statusCode;
        if (status == 429 || status >= 500) return null;
        var said = ErrorMessage(body);
        var environment = "SCREENER__" + section.Replace(":", "__", StringComparison.Ordinal) + "__";
        var hint = statusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"the API key was refused: check {environment}ApiKey",
            HttpStatusCode.NotFound when forModel =>
                $"not found: check {section}:Endpoint (an OpenAI-style base URL ends in /v1) and the model name ({section}:Model or the slot's model)",
            HttpStatusCode.NotFound => $"not found: check {section}:Endpoint (an OpenAI-style base URL ends in /v1)",
            _ => forModel ? $"check {section}:Endpoint and {section}:Model" : $"check {section}:Endpoint",
        };
        return $"HTTP {status} for {uri?.GetLeftPart(UriPartial.Path)}{(said.Length > 0 ? $" ({said})" : "")}: {hint}";
    }

    /// <summary>What the server last answered; the SDK disposes its responses before its exception reaches us.</summary>
    private sealed class LastResponse : DelegatingHandler
    {
        public HttpStatusCode? Status { get; private set; }
        public string Body { get; private set; } = "";
        public Uri? Uri { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            await response.Content.LoadIntoBufferAsync(ct);
            (Status, Body, Uri) = (response.StatusCode, await response.Content.ReadAsStringAsync(ct), request.RequestUri);
            return response;
        }
    }

    private static List<string> Listed(string json)
    {
        try
        {
            return (JsonNode.Parse(json)?["data"] as JsonArray)?.Select(m => m?["id"]?.GetValue<string>()).OfType<string>().ToList() ?? [];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return [];
        }
    }

    private static string ErrorMessage(string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["error"] is { } error)
                return Shorten(error is JsonValue v ? v.ToString() : error["message"]?.ToString() ?? "");
        }
        catch (JsonException)
        {
        }
        return Shorten(body);
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxReasonLength ? line : line[..MaxReasonLength] + "...";
    }
}
