using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Screener.Core.Llm;

/// <summary>
/// One cheap request per model before a run claims work, so that a wrong endpoint, key or model fails in seconds with
/// its cause instead of after every retry of every item (issue 21 item 7). OpenAI-style servers: GET {endpoint}/models,
/// the model looked up in the list; when the list does not name it (llama.cpp serves any name) or the server has no
/// /models, one chat completion of one token decides. Azure: that chat call on the deployment, made by Azure.AI.OpenAI
/// (which owns the URL scheme and authentication there). Sent without the retry pipeline (a refused connection is an
/// answer here), with the same authentication. A busy or failing server (429,
/// 5xx) is not judged: the run's retries deal with that.
/// </summary>
public sealed class LlmEndpointCheck(LlmOptions options, IServiceProvider services)
{
    private const int MaxReasonLength = 200;

    /// <summary>Null when every model answered; else one line naming the endpoint and the reason.</summary>
    public async Task<string?> ProblemAsync(IEnumerable<string> models, CancellationToken ct)
    {
        if (!options.IsConfigured || options.Provider == LlmProvider.LlamaSharp) return null;
        var recorder = new LastResponse { InnerHandler = new SocketsHttpHandler() };
        var wire = new LlmWireHandler(services.GetRequiredService<LlmGatewayState>()) { InnerHandler = recorder };
        using var http = new HttpClient(wire) { Timeout = TimeSpan.FromSeconds(options.AttemptTimeoutSeconds) };
        foreach (var model in models.Distinct(StringComparer.Ordinal))
        {
            var endpoint = options.Provider == LlmProvider.Azure
                ? $"{options.Endpoint.TrimEnd('/')}/openai/deployments/{model}"
                : LlmClientFactory.EndpointFor(options).ToString().TrimEnd('/');
            string? reason;
            try
            {
                reason = options.Provider == LlmProvider.Azure
                    ? await AzureChatProblemAsync(http, recorder, model, ct)
                    : await ModelsProblemAsync(http, endpoint, model, ct);
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
                reason = $"no answer within Llm:AttemptTimeoutSeconds ({options.AttemptTimeoutSeconds} s)";
            }
            if (reason is not null)
                return $"the LLM endpoint {endpoint} (provider {options.Provider.ToString().ToLowerInvariant()}, model '{model}') cannot be used: {reason}; nothing was claimed";
        }
        return null;
    }

    private async Task<string?> AzureChatProblemAsync(HttpClient http, LastResponse recorder, string model, CancellationToken ct)
    {
        var chat = LlmClientFactory.CreateChatClient(options, model, http, services.GetRequiredService<TokenCredential>);
        try
        {
            await chat.GetResponseAsync("Reply with OK.", new ChatOptions { MaxOutputTokens = 1 }, ct);
            return null;
        }
        catch (ClientResultException e) when (e.Status != 0 && recorder.Status is { } status)
        {
            return status == HttpStatusCode.BadRequest ? null : StatusProblem(status, recorder.Body, recorder.Uri);
        }
    }

    private static async Task<string?> ModelsProblemAsync(HttpClient http, string endpoint, string model, CancellationToken ct)
    {
        using var response = await http.GetAsync(endpoint + "/models", ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            return await ChatProblemAsync(http, endpoint, model, ct); // no /models here: the chat call decides
        if (!response.IsSuccessStatusCode) return await StatusProblemAsync(response, ct);
        var listed = Listed(await response.Content.ReadAsStringAsync(ct));
        var served = listed.Count == 0 || listed.Any(id => id == model || id.StartsWith(model + ":", StringComparison.Ordinal));
        return served ? null : await ChatProblemAsync(http, endpoint, model, ct);
    }

    private static async Task<string?> ChatProblemAsync(HttpClient http, string endpoint, string model, CancellationToken ct)
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
        return response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.BadRequest ? null : await StatusProblemAsync(response, ct);
    }

    private static async Task<string?> StatusProblemAsync(HttpResponseMessage response, CancellationToken ct) =>
        StatusProblem(response.StatusCode, await response.Content.ReadAsStringAsync(ct), response.RequestMessage?.RequestUri);

    private static string? StatusProblem(HttpStatusCode statusCode, string body, Uri? uri)
    {
        var status = (int)statusCode;
        if (status == 429 || status >= 500) return null;
        var said = ErrorMessage(body);
        var hint = statusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "the API key was refused: check SCREENER__Llm__ApiKey",
            HttpStatusCode.NotFound => "not found: check Llm:Endpoint (an OpenAI-style base URL ends in /v1) and the model name (Llm:Model or the slot's model)",
            _ => "check Llm:Endpoint and Llm:Model",
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
