using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Screening;

/// <summary>The one run coordinator: runs are continued by id with their own settings, and a cancelled run stops.</summary>
public sealed class LlmRunCoordinatorTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static ScriptedChatClient Always(string reply) => new((_, _, _) => Task.FromResult(reply));

    [Fact]
    public async Task A_run_under_an_older_protocol_version_is_finished_by_the_standing_worker_and_no_new_run_is_queued()
    {
        await SeedAsync(database, 6);
        var chat = Always(IncludeReply());
        await using var services = Services(database, chat);
        var first = await Screen(services).RunAsync(new ScreenRequest(ReviewName, Limit: 2), null, CancellationToken.None);
        await NewProtocolVersionAsync();

        // What the web's worker does on each poll: continue every pending run by id.
        List<long> pending;
        await using (var db = database.CreateDbContext()) pending = await PendingRuns.ScreeningRunIdsAsync(db, CancellationToken.None);
        Assert.Equal([first.RunId], pending);
        var continued = await Screen(services).ContinueRunAsync(first.RunId, CancellationToken.None);

        Assert.Equal(4, continued.Processed);
        Assert.Equal(0, continued.Pending);
        await using var check = database.CreateDbContext();
        Assert.Empty(await PendingRuns.ScreeningRunIdsAsync(check, CancellationToken.None));
        Assert.Equal(1, await check.Runs.CountAsync());
        Assert.Equal(RunStatus.Completed, (await check.Runs.SingleAsync()).Status);
        var oldHash = (await check.ProtocolVersions.OrderBy(v => v.Id).FirstAsync()).Hash;
        Assert.All(await check.Suggestions.ToListAsync(), s => Assert.Equal(oldHash, s.Audit.ProtocolHash));
    }

    [Fact]
    public async Task A_cancelled_run_claims_nothing_more_and_screening_again_by_hand_resumes_it()
    {
        await SeedAsync(database, 5);
        var chat = Always(IncludeReply());
        await using var services = Services(database, chat);
        var first = await Screen(services).RunAsync(new ScreenRequest(ReviewName, Limit: 2), null, CancellationToken.None);

        await using (var db = database.CreateDbContext())
        {
            var cancelled = await CancelRuns.RunAsync(db, new CancelRunsRequest(ReviewName, RunStage.Screening), TimeProvider.System, CancellationToken.None);
            Assert.Equal([(first.RunId, 3)], cancelled.Select(c => (c.RunId, c.Unfinished)));
            Assert.Empty(await PendingRuns.ScreeningRunIdsAsync(db, CancellationToken.None));
        }
        var afterCancel = await Screen(services).ContinueRunAsync(first.RunId, CancellationToken.None);
        Assert.Equal(0, afterCancel.Processed);
        await using (var db = database.CreateDbContext())
            Assert.Equal(RunStatus.Cancelled, (await db.Runs.SingleAsync()).Status);

        var resumed = await Screen(services).RunAsync(new ScreenRequest(ReviewName), null, CancellationToken.None);
        Assert.Equal((first.RunId, 3, 0), (resumed.RunId, resumed.Processed, resumed.Pending));
        await using var check = database.CreateDbContext();
        Assert.Equal(RunStatus.Completed, (await check.Runs.SingleAsync()).Status);
        await AssertOneSuggestionPerRecordAsync(check, 5);
    }

    [Fact]
    public async Task Screen_cancel_on_the_command_line_says_which_run_and_how_to_resume()
    {
        await SeedAsync(database, 3);
        await using var services = Services(database, Always(IncludeReply()));
        var run = await Screen(services).RunAsync(new ScreenRequest(ReviewName, Limit: 1), null, CancellationToken.None);

        var cancel = await CliHarness.RunAsync(database, "screen", "--review", ReviewName, "--cancel");
        var again = await CliHarness.RunAsync(database, "screen", "--review", ReviewName, "--cancel");

        Assert.Equal(0, cancel.ExitCode);
        Assert.Contains($"run {run.RunId} (test-model) cancelled: 2 item(s) not done stay pending", cancel.Out);
        Assert.Contains($"has no unfinished screening run", again.Out);
    }

    [Fact]
    public async Task Cancelling_a_run_by_id_that_is_not_unfinished_says_so()
    {
        await SeedAsync(database, 2);
        await using var services = Services(database, Always(IncludeReply()));
        var run = await Screen(services).RunAsync(new ScreenRequest(ReviewName), null, CancellationToken.None);
        await using var db = database.CreateDbContext();

        var error = await Assert.ThrowsAsync<Core.ScreenerException>(() =>
            CancelRuns.RunAsync(db, new CancelRunsRequest(ReviewName, RunStage.Screening, run.RunId), TimeProvider.System, CancellationToken.None));
        Assert.Contains($"no unfinished screening run {run.RunId}", error.Message);
    }

    [Fact]
    public async Task Limit_counts_records_so_a_two_slot_protocol_screens_whole_records_by_both_slots()
    {
        await SeedAsync(database, 5, protocolYaml: ProtocolYaml + "\n" + """
            screening:
              slots:
                - name: first
                - name: second
            """);
        var chat = Always(IncludeReply());
        await using var services = Services(database, chat);

        var result = await Screen(services).RunAsync(new ScreenRequest(ReviewName, Limit: 2), null, CancellationToken.None);

        Assert.Equal(4, result.Processed);
        await using var db = database.CreateDbContext();
        var suggestions = await db.Suggestions.ToListAsync();
        Assert.Equal(2, suggestions.Select(s => s.RecordId).Distinct().Count());
        Assert.All(suggestions.GroupBy(s => s.RecordId), g => Assert.Equal(["first", "second"], g.Select(s => s.Slot).Order()));
    }

    [Fact]
    public async Task Repeats_of_a_slot_are_typed_work_items_with_their_own_seed()
    {
        await SeedAsync(database, 3, protocolYaml: ProtocolYaml + "\n" + """
            screening:
              slots:
                - name: main
                  temperature: 0.7
                  repeats: 2
                  seed: 40
            """);
        var chat = Always(IncludeReply());
        await using var services = Services(database, chat);
        await Screen(services).RunAsync(new ScreenRequest(ReviewName), null, CancellationToken.None);

        await using var db = database.CreateDbContext();
        var items = await db.WorkItems.OrderBy(w => w.Id).ToListAsync();
        Assert.Equal(6, items.Count);
        Assert.All(items, w => Assert.Equal("main", w.Slot));
        Assert.Equal([1, 2, 1, 2, 1, 2], items.Select(w => w.Repeat)); // a record's items next to each other
        var suggestions = await db.Suggestions.ToListAsync();
        Assert.Equal(3, suggestions.Count(s => s.Slot == "main" && s.Repeat == 2));
        Assert.Equal([40, 41], chat.Requests.Select(r => r.Options?.Seed).Distinct().Order().Select(s => (int)s!.Value));
    }

    private async Task NewProtocolVersionAsync()
    {
        await using var db = database.CreateDbContext();
        var path = Path.Combine(Path.GetTempPath(), $"statins-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, ProtocolYaml.Replace("Adults aged 65 or over.", "Adults aged 60 or over.", StringComparison.Ordinal));
        await InitReview.RunAsync(db, TimeProvider.System, new InitReviewRequest(ReviewName, path), CancellationToken.None);
        File.Delete(path);
    }
}
