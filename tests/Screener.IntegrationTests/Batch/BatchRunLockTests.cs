using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Batch;

/// <summary>One process at a time advances a run's batches (issue 22): a second `--batch` at the same moment does nothing and says who is at work.</summary>
public sealed class BatchRunLockTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<CliResult> BatchAsync(FakeLlmServer server) =>
        CliHarness.RunAsync(database, BatchRouteTests.OpenAISettings(server), "screen", "--review", ReviewName, "--batch");

    [Fact]
    public async Task Two_batch_invocations_on_one_run_at_once_upload_and_create_one_batch_and_the_second_says_who_is_at_work()
    {
        await SeedAsync(database, 3);
        await using var server = await BatchRouteTests.PricedServerAsync();
        // The first invocation is held in the middle of its upload, its items set aside and its submission stored.
        var hold = server.Batches.HoldNextUpload();
        var first = BatchAsync(server);
        await Task.WhenAny(hold.Reached, first);
        Assert.True(hold.Reached.IsCompleted, $"the first invocation ended before uploading: {(first.IsCompleted ? (await first).Error : "")}");

        var second = await BatchAsync(server);
        hold.Release();
        var firstResult = await first;

        second.AssertExit(0);
        Assert.Contains("batches are being advanced by another process", second.Out);
        Assert.Contains($"({Environment.MachineName}:{Environment.ProcessId})", second.Out);
        Assert.Contains("nothing done", second.Out);
        firstResult.AssertExit(0);
        Assert.Contains("sent 3 request(s) in 1 batch(es)", firstResult.Out);
        Assert.Equal((1, 1, 3), (server.Batches.Uploads, server.Batches.BatchesCreated, server.Batches.InputLines.Count));

        // Once the first is done, the lock is gone: the next invocation polls as usual.
        var poll = await BatchAsync(server);
        poll.AssertExit(0);
        Assert.Contains("1 batch(es) still in progress", poll.Out);
    }
}
