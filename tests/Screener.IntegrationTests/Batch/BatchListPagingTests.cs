using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Batch;

/// <summary>
/// A lost answer is found again on an account whose files and batches lists run to several pages (issue 22): the
/// lookup reads on with after=last_id while has_more, so the rerun reuses what was done and repeats nothing.
/// </summary>
public sealed class BatchListPagingTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<CliResult> BatchAsync(FakeLlmServer server) =>
        CliHarness.RunAsync(database, BatchRouteTests.OpenAISettings(server), "screen", "--review", ReviewName, "--batch");

    [Fact]
    public async Task A_batch_whose_creation_answer_was_lost_is_found_on_the_second_page_and_not_created_again()
    {
        await SeedAsync(database, 2);
        await using var server = await BatchRouteTests.PricedServerAsync();
        server.Batches.Drop = FakeBatchDrop.CreateAnswer;
        Assert.NotEqual(0, (await BatchAsync(server)).ExitCode);
        // Newer batches of other work put ours past the first page (newest first, two a page).
        for (var i = 0; i < 3; i++) server.Batches.AddOtherBatch();
        server.Batches.PageSize = 2;

        var rerun = await BatchAsync(server);

        rerun.AssertExit(0);
        Assert.Equal((1, 1), (server.Batches.Uploads, server.Batches.BatchesCreated));
        server.Batches.Finish(FakeBatchOutcome.Complete);
        (await BatchAsync(server)).AssertExit(0);
        await using var db = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(db, 2);
    }

    [Fact]
    public async Task A_file_whose_upload_answer_was_lost_is_found_on_a_later_page_and_not_uploaded_again()
    {
        await SeedAsync(database, 2);
        await using var server = await BatchRouteTests.PricedServerAsync();
        server.Batches.Drop = FakeBatchDrop.UploadAnswer;
        Assert.NotEqual(0, (await BatchAsync(server)).ExitCode);
        for (var i = 0; i < 4; i++) server.Batches.AddOtherBatch();
        server.Batches.PageSize = 2;

        var rerun = await BatchAsync(server);

        rerun.AssertExit(0);
        Assert.Equal((1, 1), (server.Batches.Uploads, server.Batches.BatchesCreated));
        server.Batches.Finish(FakeBatchOutcome.Complete);
        (await BatchAsync(server)).AssertExit(0);
        await using var db = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(db, 2);
    }
}
