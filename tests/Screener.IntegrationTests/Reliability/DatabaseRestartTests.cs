using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Jobs;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Screening;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Reliability;

/// <summary>
/// The database drops every connection mid-run (a restart as clients see it). In a class of its own: cutting
/// connections would disturb other tests sharing its database.
/// </summary>
public sealed class DatabaseRestartTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_database_that_drops_every_connection_mid_run_loses_nothing_and_a_rerun_finishes_exactly()
    {
        const int records = 40;
        await SeedAsync(database, records);
        var calls = 0;
        var chat = new ScriptedChatClient(async (_, _, _) =>
        {
            // The 10th call coincides with a database restart as clients see it: every connection is cut.
            if (Interlocked.Increment(ref calls) == 10) await TerminateConnectionsAsync();
            return IncludeReply();
        });
        await using var services = Services(database, chat);

        var interrupted = await Record.ExceptionAsync(() => Screen(services).RunAsync(new(ReviewName), null, CancellationToken.None));
        // A rerun is a new process in practice, with a fresh connection pool (this one still holds the cut connections).
        NpgsqlConnection.ClearAllPools();
        await using var services2 = Services(database, chat);
        var rerun = await Screen(services2).RunAsync(new(ReviewName), null, CancellationToken.None);

        Assert.True(interrupted is null or WorkInterruptedException, $"unexpected {interrupted}");
        Assert.Equal(0, rerun.Pending);
        await using var db = database.CreateDbContext(applicationName: "after-restart");
        Assert.Equal(records, await db.Suggestions.CountAsync());
        Assert.Equal(records, await db.Suggestions.Select(s => s.RecordId).Distinct().CountAsync());
        Assert.Equal(records, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Done));
    }

    private async Task TerminateConnectionsAsync()
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", admin);
        cmd.Parameters.AddWithValue("db", database.Name);
        await cmd.ExecuteScalarAsync();
    }
}
