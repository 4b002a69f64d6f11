using Azure.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Llm;
using Screener.FakeLlm;

namespace Screener.IntegrationTests.Llm;

public sealed class LlmProviderWireTests
{
    private static FakeLlmReply Include(FakeLlmRequest _) => FakeLlmReply.Text("""{"decision":"include"}""");

    [Fact]
    public async Task OpenAI_provider_posts_to_the_configured_base_url_with_the_key_as_bearer()
    {
        await using var host = await LlmTestHost.StartAsync(Include, s => new()
        {
            ["Llm:Provider"] = "openai",
            ["Llm:Endpoint"] = s.OpenAIEndpoint("custom/v1"),
            ["Llm:ApiKey"] = "sk-test-123",
        });

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        Assert.Equal("include", result.Value);
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/custom/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test-123", request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
        Assert.Equal("test-model", request.Model);
        Assert.Equal("You screen records.", request.LastMessage("system"));
    }

    [Fact]
    public async Task Azure_provider_uses_the_deployment_url_with_api_version_and_api_key_header()
    {
        await using var host = await LlmTestHost.StartAsync(Include, s => new()
        {
            ["Llm:Provider"] = "azure",
            ["Llm:Endpoint"] = s.BaseAddress.ToString(),
            ["Llm:Model"] = "screening-dep",
            ["Llm:ApiVersion"] = "2024-10-21",
            ["Llm:ApiKey"] = "azure-key-456",
        });

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal("/openai/deployments/screening-dep/chat/completions", request.Path);
        Assert.Equal("screening-dep", request.AzureDeployment);
        Assert.Equal("2024-10-21", request.QueryValue("api-version"));
        Assert.Equal("azure-key-456", request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Azure_provider_without_a_key_sends_an_Entra_bearer_token_and_reuses_it_until_near_expiry()
    {
        var credential = new FakeCredential("entra-token-1", DateTimeOffset.UtcNow.AddHours(1));
        await using var host = await LlmTestHost.StartAsync(Include, s => new()
        {
            ["Llm:Provider"] = "azure",
            ["Llm:Endpoint"] = s.BaseAddress.ToString(),
            ["Llm:Model"] = "dep",
            ["Llm:ApiKey"] = "",
        }, credential: credential);

        await host.DecideAsync();
        await host.DecideAsync();

        Assert.All(host.Server.Requests, r =>
        {
            Assert.Equal("Bearer entra-token-1", r.Header("Authorization"));
            Assert.Null(r.Header("api-key"));
            Assert.Equal("/openai/deployments/dep/chat/completions", r.Path);
        });
        Assert.Equal(2, host.Server.RequestCount);
        Assert.Equal(1, credential.Calls);
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.LastScopes);
    }

    [Fact]
    public async Task The_Azure_endpoint_check_goes_through_the_sdk_and_names_a_refusal()
    {
        await using var host = await LlmTestHost.StartAsync(
            r => r.AzureDeployment == "missing-dep" ? FakeLlmReply.Error(404, "The API deployment for this resource does not exist.") : Include(r),
            s => new()
            {
                ["Llm:Provider"] = "azure",
                ["Llm:Endpoint"] = s.BaseAddress.ToString(),
                ["Llm:Model"] = "screening-dep",
                ["Llm:ApiKey"] = "azure-key-456",
            });
        var check = host.Services.GetRequiredService<LlmEndpointCheck>();

        Assert.Null(await check.ProblemAsync(["screening-dep"], CancellationToken.None));
        var problem = await check.ProblemAsync(["missing-dep"], CancellationToken.None);

        Assert.NotNull(problem);
        Assert.Contains("/openai/deployments/missing-dep", problem);
        Assert.Contains("HTTP 404", problem);
        Assert.Contains("does not exist", problem);
        Assert.All(host.Server.Requests, r => Assert.Equal("azure-key-456", r.Header("api-key")));
    }

    [Fact]
    public async Task Azure_server_refuses_a_request_without_credentials_so_the_fake_is_faithful()
    {
        await using var server = await FakeLlmServer.StartAsync();
        using var http = new HttpClient();

        var noVersion = await http.PostAsync(new Uri(server.BaseAddress, "openai/deployments/d/chat/completions"), new StringContent("{}"));
        var noKey = await http.PostAsync(new Uri(server.BaseAddress, "openai/deployments/d/chat/completions?api-version=2024-10-21"), new StringContent("{}"));

        Assert.Equal(404, (int)noVersion.StatusCode);
        Assert.Equal(401, (int)noKey.StatusCode);
    }

    [Fact]
    public async Task Local_provider_without_a_key_sends_no_authorization_header()
    {
        await using var host = await LlmTestHost.StartAsync(Include);

        await host.DecideAsync();

        var request = Assert.Single(host.Server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Null(request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
    }

    [Fact]
    public async Task Embeddings_go_to_the_embeddings_route_and_equal_texts_get_equal_vectors()
    {
        await using var host = await LlmTestHost.StartAsync(settings: _ => new() { ["Llm:EmbeddingModel"] = "embed-small" });
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await generator.GenerateAsync(["emicizumab in haemophilia A", "emicizumab in haemophilia A", "beta blockers"]);

        var request = Assert.Single(host.Server.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal("embed-small", request.Model);
        Assert.Equal(3, embeddings.Count);
        Assert.Equal(host.Server.EmbeddingDimensions, embeddings[0].Vector.Length);
        Assert.Equal(embeddings[0].Vector.ToArray(), embeddings[1].Vector.ToArray());
        Assert.NotEqual(embeddings[0].Vector.ToArray(), embeddings[2].Vector.ToArray());
        Assert.Equal(HashedEmbedding.Compute("beta blockers", host.Server.EmbeddingDimensions), embeddings[2].Vector.ToArray());
    }

    [Fact]
    public async Task Azure_embeddings_use_the_embedding_deployment_url()
    {
        await using var host = await LlmTestHost.StartAsync(settings: s => new()
        {
            ["Llm:Provider"] = "azure",
            ["Llm:Endpoint"] = s.BaseAddress.ToString(),
            ["Llm:Model"] = "chat-dep",
            ["Llm:EmbeddingModel"] = "embed-dep",
            ["Llm:ApiKey"] = "k",
            ["Llm:ApiVersion"] = "2025-01-01-preview",
        });
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await generator.GenerateAsync(["one text"]);

        var request = Assert.Single(host.Server.Requests);
        Assert.Equal("/openai/deployments/embed-dep/embeddings", request.Path);
        Assert.Equal("2025-01-01-preview", request.QueryValue("api-version"));
        Assert.Single(embeddings);
    }

    [Fact]
    public async Task A_slot_with_another_azure_deployment_gets_its_own_url_and_its_own_price()
    {
        await using var host = await LlmTestHost.StartAsync(Include, s => new()
        {
            ["Llm:Provider"] = "azure",
            ["Llm:Endpoint"] = s.BaseAddress.ToString(),
            ["Llm:Model"] = "test-model",
            ["Llm:ApiKey"] = "k",
        });
        var other = host.Services.GetRequiredService<LlmChatClients>().For("mini-dep");

        var result = await StructuredLlmCall.RunAsync(other, [new ChatMessage(ChatRole.User, "JSON please")],
            LlmTestHost.DecisionOptions(), LlmTestHost.ParseDecision, host.Usage, CancellationToken.None);

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        Assert.Equal("/openai/deployments/mini-dep/chat/completions", Assert.Single(host.Server.Requests).Path);
        Assert.Equal("mini-dep", System.Text.Json.Nodes.JsonNode.Parse(result.ParametersJson)!["model"]!.GetValue<string>());
        Assert.Equal(0m, result.Cost); // only test-model has a price
        Assert.Same(host.Chat, host.Services.GetRequiredService<LlmChatClients>().For(null));
    }

    private sealed class FakeCredential(string token, DateTimeOffset expiresOn) : TokenCredential
    {
        private int _calls;
        public int Calls => _calls;
        public string[] LastScopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            LastScopes = requestContext.Scopes;
            return new AccessToken(token, expiresOn);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
