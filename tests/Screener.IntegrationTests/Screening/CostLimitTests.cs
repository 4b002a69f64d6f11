using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Screening;

/// <summary>The run's cost limit (Llm:MaxCostPerRun, --max-cost): stops claiming, stays resumable, says so (issue 22).</summary>
public sealed class CostLimitTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    // 1000 in x 1000 + 100 out x 2000 per million: $1.20 a call. One call at a time, so where the run stops is exact.
    private static Dictionary<string, string?> Settings(FakeLlmServer server) => new()
    {
        ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "screener-test",
        ["Llm:RetryBaseDelayMilliseconds"] = "1", ["Llm:MaxRetries"] = "1", ["Llm:MaxConcurrency"] = "1",
        ["Llm:Prices:screener-test:Input"] = "1000", ["Llm:Prices:screener-test:Output"] = "2000",
    };

    private static Task<FakeLlmServer> PricedServerAsync() => FakeLlmServer.StartAsync(_ =>
        FakeLlmReply.Text(IncludeReply()) with { PromptTokens = 1000, CompletionTokens = 100 });

    [Fact]
    public async Task A_run_stops_claiming_once_its_cost_reaches_the_limit_and_resumes_where_it_stopped()
    {
        await SeedAsync(database, 6);
        await using var server = await PricedServerAsync();

        var first = await CliHarness.RunAsync(database, Settings(server), "screen", "--review", ReviewName, "--max-cost", "2.5");

        first.AssertExit(4);
        Assert.Equal(3, server.RequestCount); // $1.20, $2.40 (under), $3.60 (reached): nothing claimed after the third
        Assert.Contains("stopped at the cost limit: the run has cost $3.6000 of its $2.5000 limit", first.Error);
        Assert.Contains("3 item(s) stay pending", first.Error);
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(3, await db.Suggestions.CountAsync());
            Assert.Equal(3, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Pending));
            Assert.Equal(RunStatus.Running, (await db.Runs.SingleAsync()).Status);
        }

        // The limit is the run's, over all its invocations: the same limit again claims nothing.
        var again = await CliHarness.RunAsync(database, Settings(server), "screen", "--review", ReviewName, "--max-cost", "2.5");
        again.AssertExit(4);
        Assert.Equal(3, server.RequestCount);

        var settings = Settings(server);
        settings["Llm:MaxCostPerRun"] = "100";
        var rest = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName);
        rest.AssertExit(0);
        Assert.Equal(6, server.RequestCount);
        await using var after = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(after, 6);
    }

    [Fact]
    public async Task A_negative_cost_limit_in_the_configuration_is_refused_at_start()
    {
        await SeedAsync(database, 1);
        await using var server = await PricedServerAsync();
        var settings = Settings(server);
        settings["Llm:MaxCostPerRun"] = "-1";

        var result = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName);

        result.AssertExit(2);
        Assert.Contains("MaxCostPerRun", result.Error);
        Assert.Equal(0, server.RequestCount);
    }
}
