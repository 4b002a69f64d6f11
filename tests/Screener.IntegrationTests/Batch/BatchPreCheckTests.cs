using Microsoft.EntityFrameworkCore;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Batch;

/// <summary>
/// The endpoint pre-check with --batch (issues 21, 22): the batch files endpoint is asked with the key before any work
/// item is claimed, so a wrong key or URL exits 2 in one line naming the endpoint and the reason.
/// </summary>
public sealed class BatchPreCheckTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_refused_key_on_the_files_endpoint_exits_2_naming_it_before_any_work_item_is_claimed()
    {
        await SeedAsync(database, 2);
        await using var server = await BatchRouteTests.PricedServerAsync();
        server.Batches.RequiredKey = "sk-the-right-one";

        var result = await CliHarness.RunAsync(database, BatchRouteTests.OpenAISettings(server), "screen", "--review", ReviewName, "--batch");

        result.AssertExit(2);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains($"the Batch API endpoint {server.OpenAIEndpoint()}/files (provider openai, needed by --batch) cannot be used", line);
        Assert.Contains("HTTP 401", line);
        Assert.Contains("Incorrect API key provided", line);
        Assert.Contains("check SCREENER__Llm__ApiKey", line);
        Assert.DoesNotContain("sk-test", result.Error);
        Assert.Equal(0, server.Batches.Uploads);
        await AssertNoWorkItemsAsync();
    }

    [Fact]
    public async Task A_refused_connection_exits_2_before_any_work_item_is_claimed()
    {
        await SeedAsync(database, 2);
        await using var server = await BatchRouteTests.PricedServerAsync();
        var settings = BatchRouteTests.OpenAISettings(server);
        settings["Llm:Endpoint"] = "http://127.0.0.1:1/v1";

        var result = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--batch");

        result.AssertExit(2);
        Assert.Contains("the Batch API endpoint http://127.0.0.1:1/v1/files", result.Error);
        Assert.Contains("cannot connect", result.Error);
        await AssertNoWorkItemsAsync();
    }

    [Fact]
    public async Task Extract_batch_checks_the_files_endpoint_before_any_work_item_is_claimed()
    {
        await SeedAsync(database, 2, protocolYaml: ProtocolYaml + ExtractBatchTests.FormYaml);
        await using var server = await BatchRouteTests.PricedServerAsync();
        var settings = BatchRouteTests.OpenAISettings(server);
        settings["Llm:Endpoint"] = "http://127.0.0.1:1/v1";

        var result = await CliHarness.RunAsync(database, settings, "extract", "--review", ReviewName, "--records", "all", "--batch");

        result.AssertExit(2);
        Assert.Contains("the Batch API endpoint http://127.0.0.1:1/v1/files", result.Error);
        Assert.Contains("cannot connect", result.Error);
        await AssertNoWorkItemsAsync();
    }

    private async Task AssertNoWorkItemsAsync()
    {
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.WorkItems.CountAsync());
    }
}
