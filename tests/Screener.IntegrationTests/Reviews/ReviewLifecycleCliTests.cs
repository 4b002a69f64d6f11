using Microsoft.EntityFrameworkCore;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Web;

namespace Screener.IntegrationTests.Reviews;

/// <summary>`screener review archive|unarchive|delete` (issue 21 item 6): archived reviews are read-only and unlisted; delete takes everything.</summary>
public sealed class ReviewLifecycleCliTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<CliResult> DecideAsync() => CliHarness.RunAsync(database,
        "review", "decide", "--review", "A", "--user", "alice", "--record", _seed.RecordsA[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--decision", "include");

    [Fact]
    public async Task An_archived_review_is_hidden_from_reviews_and_refuses_decisions_until_unarchived()
    {
        (await CliHarness.RunAsync(database, "review", "archive", "--review", "A")).AssertExit(0);

        var listed = await CliHarness.RunAsync(database, "reviews");
        var all = await CliHarness.RunAsync(database, "reviews", "--all");
        var refused = await DecideAsync();
        var dedup = await CliHarness.RunAsync(database, "dedup", "--review", "A");

        Assert.DoesNotContain("A (id", listed.Out);
        Assert.Contains("B (id", listed.Out);
        Assert.Contains($"A (id {_seed.ReviewA})", all.Out);
        Assert.Contains("archived 20", all.Out);
        refused.AssertExit(2);
        Assert.Contains("review 'A' is archived", refused.Error);
        Assert.Contains("screener review unarchive --review A", refused.Error);
        dedup.AssertExit(2);
        await using (var db = database.CreateDbContext())
            Assert.Equal(0, await db.HumanDecisions.CountAsync(d => d.ReviewId == _seed.ReviewA));

        (await CliHarness.RunAsync(database, "review", "unarchive", "--review", "A")).AssertExit(0);
        (await DecideAsync()).AssertExit(0);
        await using (var db = database.CreateDbContext())
            Assert.Equal(1, await db.HumanDecisions.CountAsync(d => d.ReviewId == _seed.ReviewA));
    }

    [Fact]
    public async Task Delete_without_yes_and_without_a_terminal_changes_nothing()
    {
        var result = await CliHarness.RunAsync(database, "review", "delete", "--review", "A");

        result.AssertExit(2);
        Assert.Contains("cannot be undone", result.Error);
        Assert.Contains("--yes", result.Error);
        await using var db = database.CreateDbContext();
        Assert.Equal(_seed.RecordsA.Count, await db.Records.CountAsync(r => r.ReviewId == _seed.ReviewA));
    }

    [Fact]
    public async Task Delete_with_yes_removes_everything_of_the_review_and_nothing_of_another()
    {
        (await DecideAsync()).AssertExit(0);
        await using (var db = database.CreateDbContext())
        {
            // A duplicate pointing at its kept record: a restricted reference the delete must get past.
            var copy = await db.Records.SingleAsync(r => r.Id == _seed.RecordsA[1]);
            copy.DuplicateOfId = _seed.RecordsA[0];
            await db.SaveChangesAsync();
        }
        int bBefore;
        await using (var db = database.CreateDbContext())
            bBefore = await CountOfAsync(db, _seed.ReviewB);

        var result = await CliHarness.RunAsync(database, "review", "delete", "--review", "A", "--yes");

        result.AssertExit(0);
        Assert.Contains($"deleted review 'A': {_seed.RecordsA.Count} records", result.Out);
        await using (var db = database.CreateDbContext())
        {
            Assert.False(await db.Reviews.AnyAsync(r => r.Id == _seed.ReviewA));
            Assert.Equal(0, await CountOfAsync(db, _seed.ReviewA));
            Assert.Equal(0, await db.Suggestions.CountAsync(s => _seed.RecordsA.Contains(s.RecordId)));
            Assert.Equal(0, await db.ExtractionDrafts.CountAsync(d => _seed.RecordsA.Contains(d.RecordId)));
            Assert.Equal(0, await db.ExtractionFields.CountAsync(f => _seed.RecordsA.Contains(f.RecordId)));
            Assert.Equal(bBefore, await CountOfAsync(db, _seed.ReviewB));
            Assert.True(await db.Reviewers.AnyAsync(r => r.UserName == "alice"));
        }
        var again = await CliHarness.RunAsync(database, "status", "--review", "A");
        again.AssertExit(2);
    }

    private static async Task<int> CountOfAsync(Screener.Core.Persistence.ScreenerDbContext db, long reviewId) =>
        await db.ProtocolVersions.CountAsync(v => v.ReviewId == reviewId)
        + await db.Records.CountAsync(r => r.ReviewId == reviewId)
        + await db.ImportSources.CountAsync(s => s.ReviewId == reviewId)
        + await db.Runs.CountAsync(r => r.ReviewId == reviewId)
        + await db.HumanDecisions.CountAsync(d => d.ReviewId == reviewId)
        + await db.HumanDecisionVersions.CountAsync(d => d.ReviewId == reviewId)
        + await db.ReviewMemberships.CountAsync(m => m.ReviewId == reviewId)
        + await db.Embeddings.CountAsync(e => e.ReviewId == reviewId);
}
