using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core;
using Screener.Core.Llm;
using Screener.FakeLlm;

namespace Screener.IntegrationTests.Llm;

public sealed class LlmLimitsAndUsageTests
{
    private static readonly FakeLlmReply Ok = FakeLlmReply.Text("""{"decision":"include"}""");

    [Fact]
    public async Task Concurrent_calls_never_exceed_the_configured_concurrency()
    {
        await using var host = await LlmTestHost.StartAsync(_ => Ok with { Delay = TimeSpan.FromMilliseconds(150) },
            _ => new() { ["Llm:MaxConcurrency"] = "3" });

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.DecideAsync()));

        Assert.All(results, r => Assert.Equal(LlmCallStatus.Parsed, r.Status));
        Assert.Equal(12, host.Server.RequestCount);
        Assert.InRange(host.Server.MaxConcurrent, 1, 3);
    }

    [Fact]
    public async Task Without_a_tight_limit_the_same_calls_do_overlap_so_the_server_counter_sees_concurrency()
    {
        await using var host = await LlmTestHost.StartAsync(_ => Ok with { Delay = TimeSpan.FromMilliseconds(300) },
            _ => new() { ["Llm:MaxConcurrency"] = "64" });

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => host.DecideAsync()));

        Assert.True(host.Server.MaxConcurrent > 3, $"max concurrent {host.Server.MaxConcurrent}");
    }

    [Fact]
    public async Task Usage_and_cost_are_counted_per_call_and_per_run_from_the_usage_block()
    {
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(
            Ok with { PromptTokens = 1000, CompletionTokens = 200 },
            FakeLlmReply.Text("not json") with { PromptTokens = 1000, CompletionTokens = 10 },
            Ok with { PromptTokens = 1100, CompletionTokens = 20 },
            FakeLlmReply.Error(500, "down")), _ => new() { ["Llm:MaxRetries"] = "1" });

        var parsed = await host.DecideAsync();
        var repaired = await host.DecideAsync();
        var failed = await host.DecideAsync();

        Assert.Equal((1000, 200), (parsed.PromptTokens, parsed.CompletionTokens));
        Assert.Equal((1000 * 2.5m + 200 * 10m) / 1_000_000m, parsed.Cost);
        Assert.Equal(LlmCallStatus.Repaired, repaired.Status);
        Assert.Equal((2100, 30), (repaired.PromptTokens, repaired.CompletionTokens));
        Assert.Equal((2100 * 2.5m + 30 * 10m) / 1_000_000m, repaired.Cost);
        Assert.Equal(LlmCallStatus.Failed, failed.Status);
        Assert.Equal(0m, failed.Cost);
        var totals = host.Usage.Totals;
        Assert.Equal(new LlmUsageTotals(Calls: 3, Parsed: 1, Repaired: 1, Unparseable: 0, Failures: 1,
            PromptTokens: 3100, CompletionTokens: 230, Cost: parsed.Cost + repaired.Cost, HttpAttempts: 5), totals);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure")]
    public async Task The_api_key_never_appears_in_failure_causes_exceptions_or_logs(string provider)
    {
        const string key = "sk-SECRET-do-not-leak-7f3a";
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(
            FakeLlmReply.Error(500, "boom"), FakeLlmReply.Error(500, "boom"), FakeLlmReply.Error(401, "Incorrect API key provided")),
            s => new()
            {
                ["Llm:Provider"] = provider, ["Llm:Endpoint"] = provider == "azure" ? s.BaseAddress.ToString() : s.OpenAIEndpoint(),
                ["Llm:ApiKey"] = key, ["Llm:MaxRetries"] = "2",
            });

        var result = await host.DecideAsync();
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => host.Chat.GetResponseAsync("hello"));

        Assert.Equal(LlmCallStatus.Failed, result.Status);
        Assert.Contains("401", result.FailureCause);
        // it was sent, only to the server
        Assert.Equal(key, provider == "azure" ? host.Server.Requests[0].Header("api-key") : host.Server.Requests[0].Header("Authorization")?[7..]);
        Assert.DoesNotContain(key, result.FailureCause);
        Assert.DoesNotContain(key, thrown.ToString());
        Assert.NotEmpty(host.Logs.Messages);
        Assert.DoesNotContain(host.Logs.Messages, m => m.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_appsettings_bind_to_valid_options_with_no_llm_and_environment_overrides_win()
    {
        var shipped = ScreenerServices.BuildConfiguration(Infrastructure.Paths.RepoRoot);
        var overridden = ScreenerServices.BuildConfiguration(Infrastructure.Paths.RepoRoot, new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local",
            ["Llm:Endpoint"] = "http://127.0.0.1:11434/v1",
            ["Llm:Model"] = "llama3.1:8b",
            ["Llm:StructuredOutput"] = "jsonobject",
        });

        var none = new ServiceCollection().AddScreenerLlm(shipped);
        var local = new ServiceCollection().AddScreenerLlm(overridden);

        Assert.DoesNotContain(none, d => d.ServiceType == typeof(IChatClient));
        Assert.Contains(local, d => d.ServiceType == typeof(IChatClient));
        using var provider = local.BuildServiceProvider();
        var options = provider.GetRequiredService<LlmOptions>();
        Assert.Equal((LlmProvider.Local, StructuredOutputMode.JsonObject, 8), (options.Provider, options.StructuredOutput, options.MaxConcurrency));
    }

    [Fact]
    public async Task An_invalid_configuration_is_refused_at_start_with_the_setting_to_fix_and_without_the_key()
    {
        var error = await Assert.ThrowsAsync<ScreenerException>(() => LlmTestHost.StartAsync(settings: _ => new()
        {
            ["Llm:Provider"] = "azure",
            ["Llm:Endpoint"] = "",
            ["Llm:ApiKey"] = "sk-SECRET-x",
        }));

        Assert.Contains("Endpoint is required for provider Azure", error.Message);
        Assert.Contains("SCREENER__Llm__Endpoint", error.Message);
        Assert.DoesNotContain("sk-SECRET-x", error.Message);
    }
}
