using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Llm;

/// <summary>
/// Reviewer slots on different providers in one `screener screen` run: the Llm section on a loopback OpenAI-style
/// server and a named provider (Llm:Providers:tiny) on the bundled GGUF model, each with its own client and audit.
/// </summary>
public sealed class ProviderPerSlotTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static string Slots(string tinyProvider) => $"""

        screening:
          slots:
            - name: cloud
              prompt: screening/v1
            - name: tiny
              prompt: screening/v1
              provider: {tinyProvider}
        """;

    private static Dictionary<string, string?> Settings(FakeLlmServer server)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "test-model",
            ["Llm:Prices:test-model:Input"] = "2", ["Llm:Prices:test-model:Output"] = "10",
            ["Screening:MaxOutputTokens"] = "400",
        };
        foreach (var (key, value) in LocalModelTests.Settings())
            if (key.StartsWith("Llm:", StringComparison.Ordinal)) settings["Llm:Providers:tiny:" + key[4..]] = value;
        return settings;
    }

    [Fact]
    public async Task One_run_screens_a_slot_over_http_and_a_slot_on_the_local_model_each_audited_with_its_provider()
    {
        await SeedAsync(database, 3, protocolYaml: ProtocolYaml + Slots("tiny"));
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));

        var result = await CliHarness.RunAsync(database, Settings(server), "screen", "--review", ReviewName, "--json");

        result.AssertExit(0);
        Assert.Equal(3, server.RequestCount); // only the cloud slot went over HTTP
        Assert.All(server.Requests, r => Assert.Equal("test-model", r.Model));
        await using var db = database.CreateDbContext();
        var suggestions = await db.Suggestions.ToListAsync();
        Assert.Equal(6, suggestions.Count);
        Assert.All(suggestions.Where(s => s.Slot == "cloud"), s =>
        {
            var parameters = JsonNode.Parse(s.Audit.ParametersJson)!;
            Assert.Equal(("default", "local"), (parameters["provider"]!.GetValue<string>(), parameters["provider_kind"]!.GetValue<string>()));
            Assert.Equal("test-model", s.Audit.Model);
            Assert.True(s.Audit.Cost > 0m);
        });
        Assert.All(suggestions.Where(s => s.Slot == "tiny"), s =>
        {
            var parameters = JsonNode.Parse(s.Audit.ParametersJson)!;
            Assert.Equal(("tiny", "llamasharp"), (parameters["provider"]!.GetValue<string>(), parameters["provider_kind"]!.GetValue<string>()));
            Assert.Equal("stories260K", s.Audit.Model);
            Assert.NotNull(parameters["local_model"]);
            Assert.Equal(0m, s.Audit.Cost);
        });
        Assert.Equal(3, suggestions.Count(s => s.Slot == "tiny"));
    }

    [Fact]
    public async Task A_slot_naming_an_unknown_provider_exits_2_naming_the_slot_and_the_known_names_before_any_work()
    {
        await SeedAsync(database, 2, protocolYaml: ProtocolYaml + Slots("tinny"));
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));

        var result = await CliHarness.RunAsync(database, Settings(server), "screen", "--review", ReviewName);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("slot 'tiny' names provider 'tinny'", result.Error, StringComparison.Ordinal);
        Assert.Contains("known: tiny", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.WorkItems.CountAsync());
    }

    [Fact]
    public async Task A_named_provider_with_a_missing_model_file_exits_2_naming_the_file_before_any_work()
    {
        await SeedAsync(database, 2, protocolYaml: ProtocolYaml + Slots("tiny"));
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));
        var settings = Settings(server);
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-model-{Guid.NewGuid():N}.gguf");
        settings["Llm:Providers:tiny:ModelPath"] = missing;

        var result = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.WorkItems.CountAsync());
    }
}
