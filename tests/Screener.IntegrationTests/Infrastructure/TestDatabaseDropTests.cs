using System.Runtime.Versioning;
using Npgsql;

namespace Screener.IntegrationTests.Infrastructure;

/// <summary>
/// A class's test database must be dropped even while a session the screener role may not end is in it, as an
/// autovacuum worker sometimes is: DROP ... WITH (FORCE) refuses such a database outright (42501), and a class
/// clean-up that throws fails the whole test run although every test passed. A superuser session that sleeps stands
/// in for the worker, since a worker cannot be started on demand.
/// </summary>
[SupportedOSPlatform("linux")] // the superuser session is opened as the postgres system user, as scripts/setup.sh does
public sealed class TestDatabaseDropTests
{
    [Fact]
    public async Task A_database_holding_a_session_the_role_may_not_end_is_dropped_once_that_session_is_gone()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        using var superuserSession = AsPostgres.Start($"psql -q -d {database.Name} -c 'SELECT pg_sleep(2)'");
        await WaitForSessionAsync(database.Name);

        await database.DisposeAsync();

        Assert.False(await ExistsAsync(database.Name));
        await superuserSession.WaitForExitAsync();
    }

    private static async Task WaitForSessionAsync(string name)
    {
        for (var tries = 0; tries < 100; tries++)
        {
            if (await CountAsync("SELECT count(*) FROM pg_stat_activity WHERE datname = @name", name) > 0) return;
            await Task.Delay(20);
        }
        Assert.Fail($"no superuser session appeared in {name}");
    }

    private static async Task<bool> ExistsAsync(string name) =>
        await CountAsync("SELECT count(*) FROM pg_database WHERE datname = @name", name) > 0;

    private static async Task<long> CountAsync(string sql, string name)
    {
        await using var connection = new NpgsqlConnection(TestDatabase.SharedAdminConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
