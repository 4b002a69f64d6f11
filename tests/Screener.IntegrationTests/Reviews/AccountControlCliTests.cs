using Microsoft.EntityFrameworkCore;
using Screener.Core.Reviews;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Web;

namespace Screener.IntegrationTests.Reviews;

/// <summary>`screener review user disable|enable|password` and `review member remove` (issue 17 item 5).</summary>
public sealed class AccountControlCliTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database, passwords: true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<SignedInReviewer?> ByKeyAsync(string user)
    {
        await using var db = database.CreateDbContext();
        return await AuthenticateReviewer.ByApiKeyAsync(db, _seed.ApiKeys[user], CancellationToken.None);
    }

    [Fact]
    public async Task Disable_refuses_the_password_and_api_key_and_ends_the_session_and_enable_lets_them_back()
    {
        string stamp;
        await using (var db = database.CreateDbContext())
            stamp = (await AuthenticateReviewer.ByPasswordAsync(db, "alice", ReviewSeed.Password, CancellationToken.None))!.SecurityStamp;

        var disable = await CliHarness.RunAsync(database, "review", "user", "disable", "--user", "alice");

        Assert.Equal(0, disable.ExitCode);
        Assert.Contains("disabled", disable.Out);
        Assert.Null(await ByKeyAsync("alice"));
        await using (var db = database.CreateDbContext())
        {
            Assert.Null(await AuthenticateReviewer.ByPasswordAsync(db, "alice", ReviewSeed.Password, CancellationToken.None));
            var id = await db.Reviewers.Where(r => r.UserName == "alice").Select(r => r.Id).SingleAsync();
            Assert.False(await AuthenticateReviewer.SessionIsCurrentAsync(db, id, stamp, CancellationToken.None));
        }

        Assert.Equal(0, (await CliHarness.RunAsync(database, "review", "user", "enable", "--user", "alice")).ExitCode);
        Assert.NotNull(await ByKeyAsync("alice"));
        await using (var db = database.CreateDbContext())
            Assert.NotNull(await AuthenticateReviewer.ByPasswordAsync(db, "alice", ReviewSeed.Password, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_password_from_a_file_replaces_the_old_and_revokes_the_api_key()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, "another long secret\n");
        try
        {
            var result = await CliHarness.RunAsync(database, "review", "user", "password", "--user", "bob", "--password-file", file);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("API key is revoked", result.Out);
            Assert.Null(await ByKeyAsync("bob"));
            await using var db = database.CreateDbContext();
            Assert.Null(await AuthenticateReviewer.ByPasswordAsync(db, "bob", ReviewSeed.Password, CancellationToken.None));
            Assert.NotNull(await AuthenticateReviewer.ByPasswordAsync(db, "bob", "another long secret", CancellationToken.None));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Member_remove_takes_the_review_away_and_says_so_when_there_was_nothing_to_remove()
    {
        var remove = await CliHarness.RunAsync(database, "review", "member", "remove", "--review", "A", "--user", "alice");
        var again = await CliHarness.RunAsync(database, "review", "member", "remove", "--review", "A", "--user", "alice");
        var unknown = await CliHarness.RunAsync(database, "review", "member", "remove", "--review", "A", "--user", "nobody");

        Assert.Equal(0, remove.ExitCode);
        Assert.Contains("no longer belongs", remove.Out);
        Assert.Contains("did not belong", again.Out);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("no reviewer named 'nobody'", unknown.Error);
        await using var db = database.CreateDbContext();
        var alice = await db.Reviewers.SingleAsync(r => r.UserName == "alice");
        await Assert.ThrowsAsync<Core.NotFoundException>(() => ReviewAccess.RequireAsync(db, alice.Id, _seed.ReviewA, CancellationToken.None));
    }
}
