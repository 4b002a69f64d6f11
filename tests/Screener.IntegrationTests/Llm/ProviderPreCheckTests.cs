using Microsoft.EntityFrameworkCore;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Llm;

/// <summary>
/// The endpoint pre-check covers every slot's own provider (issue 19 part 3, issue 21 item 7): a slot on
/// Llm:Providers:NAME is checked with that section's endpoint, key and model, and its failure names the provider.
/// </summary>
public sealed class ProviderPreCheckTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private const string Slots = """

        screening:
          slots:
            - name: cloud
              prompt: screening/v1
            - name: second
              prompt: screening/v1
              provider: backup
        """;

    private static Dictionary<string, string?> Settings(FakeLlmServer server, string backupEndpoint) => new()
    {
        ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "test-model",
        ["Llm:MaxRetries"] = "0", ["Llm:RetryBaseDelayMilliseconds"] = "1",
        ["Llm:Providers:backup:Provider"] = "local", ["Llm:Providers:backup:Endpoint"] = backupEndpoint,
        ["Llm:Providers:backup:Model"] = "backup-model", ["Llm:Providers:backup:ApiKey"] = "sk-backup",
        ["Llm:Providers:backup:MaxRetries"] = "0", ["Llm:Providers:backup:RetryBaseDelayMilliseconds"] = "1",
    };

    [Fact]
    public async Task A_named_provider_on_a_dead_port_exits_2_naming_the_provider_before_any_work_item_is_created()
    {
        await SeedAsync(database, 2, protocolYaml: ProtocolYaml + Slots);
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));

        var result = await CliHarness.RunAsync(database, Settings(server, "http://127.0.0.1:1/v1"), "screen", "--review", ReviewName);

        result.AssertExit(2);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("the LLM endpoint http://127.0.0.1:1/v1 (provider 'backup' (local, section Llm:Providers:backup), model 'backup-model')", line);
        Assert.Contains("cannot connect", line);
        Assert.Equal(0, server.RequestCount);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.WorkItems.CountAsync());
    }

    [Fact]
    public async Task A_key_the_named_provider_refuses_names_that_providers_setting()
    {
        await SeedAsync(database, 2, protocolYaml: ProtocolYaml + Slots);
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));
        await using var backup = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Error(401, "Incorrect API key provided"));
        backup.ModelsReply = FakeLlmReply.Error(401, "Incorrect API key provided");

        var result = await CliHarness.RunAsync(database, Settings(server, backup.OpenAIEndpoint()), "screen", "--review", ReviewName);

        result.AssertExit(2);
        Assert.Contains("provider 'backup'", result.Error);
        Assert.Contains("HTTP 401", result.Error);
        Assert.Contains("check SCREENER__Llm__Providers__backup__ApiKey", result.Error);
        Assert.DoesNotContain("sk-backup", result.Error);
        // The check went to the named provider's own endpoint.
        Assert.Equal(1, backup.ModelListRequests);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.WorkItems.CountAsync());
    }
}
