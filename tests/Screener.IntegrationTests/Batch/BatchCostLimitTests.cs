using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Batch;

/// <summary>
/// The run's cost limit on the batch route (issue 22): applied before sending, at the batch price, on top of what the
/// run has cost; the items that do not fit stay pending, and the batch replies count in the run's cost.
/// </summary>
public sealed class BatchCostLimitTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    // Output only, 2000 per million: a reply of 100 tokens costs $0.20 online and $0.10 through the batch, whatever the prompt.
    private static Dictionary<string, string?> Settings(FakeLlmServer server)
    {
        var settings = BatchRouteTests.OpenAISettings(server);
        settings["Llm:Prices:screener-test:Input"] = "0";
        return settings;
    }

    private Task<CliResult> BatchAsync(FakeLlmServer server, string maxCost) =>
        CliHarness.RunAsync(database, Settings(server), "screen", "--review", ReviewName, "--batch", "--max-cost", maxCost);

    [Fact]
    public async Task A_limit_below_the_first_request_sends_nothing_and_says_what_stays_pending()
    {
        await SeedAsync(database, 3);
        await using var server = await BatchRouteTests.PricedServerAsync();

        var result = await BatchAsync(server, "0.01");

        result.AssertExit(4);
        Assert.Contains("stopped at the cost limit: the run has cost $0.0000 of its $0.0100 limit, and the 0 request(s) sent now", result.Error);
        Assert.Contains("3 item(s) stay pending, not sent: raise --max-cost or Llm:MaxCostPerRun and run `screener screen --review statins --batch` again", result.Error);
        Assert.DoesNotContain("nothing pending", result.Out);
        Assert.Equal(0, server.Batches.Uploads);
        await using var db = database.CreateDbContext();
        Assert.Equal(3, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Pending));
        Assert.Equal(0, await db.BatchSubmissions.CountAsync());
    }

    [Fact]
    public async Task Only_the_items_that_fit_under_the_limit_are_sent_and_the_batch_replies_count_in_the_runs_cost()
    {
        await SeedAsync(database, 5);
        await using var server = await BatchRouteTests.PricedServerAsync();
        // One record online first: $0.20 spent, and the run's stored replies say 100 output tokens a call.
        (await CliHarness.RunAsync(database, Settings(server), "screen", "--review", ReviewName, "--limit", "1")).AssertExit(0);

        // $0.20 + 2 x $0.10 = $0.40 fits under $0.45; a third request would not.
        var partial = await BatchAsync(server, "0.45");

        partial.AssertExit(4);
        Assert.Contains("sent 2 request(s) in 1 batch(es)", partial.Out);
        Assert.Contains("the run has cost $0.2000 of its $0.4500 limit, and the 2 request(s) sent now would cost about $0.2000 more at the batch price; 2 item(s) stay pending, not sent", partial.Error);
        Assert.Equal((1, 2), (server.Batches.Uploads, server.Batches.InputLines.Count));
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(2, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Batched));
            Assert.Equal(2, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Pending));
        }

        server.Batches.Finish(FakeBatchOutcome.Complete);
        (await BatchAsync(server, "0.45")).AssertExit(0);
        await using (var db = database.CreateDbContext())
        {
            var batchCosts = await db.Suggestions.Where(s => s.Audit.BatchId != null).Select(s => s.Audit.Cost).ToListAsync();
            Assert.Equal([0.10m, 0.10m], batchCosts);
            Assert.Equal(0.40m, await LlmRunCoordinator.RunCostAsync(db, (await db.Runs.SingleAsync()).Id, CancellationToken.None));
        }

        // The batch replies are in what the run has cost: the next request would pass the limit.
        var atLimit = await BatchAsync(server, "0.45");
        atLimit.AssertExit(4);
        Assert.Contains("the run has cost $0.4000 of its $0.4500 limit, and the 0 request(s) sent now", atLimit.Error);
        Assert.Equal(1, server.Batches.Uploads);

        var raised = await BatchAsync(server, "1");
        raised.AssertExit(0);
        Assert.Contains("sent 2 request(s) in 1 batch(es)", raised.Out);
        Assert.Equal(2, server.Batches.Uploads);
    }
}
