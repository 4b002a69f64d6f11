using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Web;

/// <summary>`screener serve` works the same queue as `screener screen`: a run left pending is finished by the service.</summary>
public sealed class WebScreeningWorkerTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_web_host_finishes_a_screening_run_left_pending_without_redoing_anything()
    {
        const int records = 12;
        await SeedAsync(database, records);
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "web-worker-test",
            ["Jobs:WebWorkerPollSeconds"] = "1",
        };
        var started = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--limit", "3");
        started.AssertExit(0);

        await using (await WebTestApp.StartAsync(database.ConnectionString, settings))
        {
            // Bounded wait for the background worker; the assertion is on the outcome, not on timing.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await CountAsync(WorkItemStatus.Done) < records && DateTime.UtcNow < deadline) await Task.Delay(100);
        }

        await using var db = database.CreateDbContext();
        Assert.Equal(records, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Done));
        Assert.Equal(records, await db.Suggestions.CountAsync());
        Assert.Equal(records, server.RequestCount);
    }

    private async Task<int> CountAsync(WorkItemStatus status)
    {
        await using var db = database.CreateDbContext();
        return await db.WorkItems.CountAsync(w => w.Status == status);
    }
}
