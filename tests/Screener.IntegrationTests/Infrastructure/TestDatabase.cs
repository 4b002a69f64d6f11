using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Persistence;

namespace Screener.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL + pgvector database of its own for one test class, cloned from a template that is
/// migrated once per test run, so classes run in parallel without seeing each other's rows.
/// The server is the one scripts/setup.sh starts; SCREENER_TEST_ADMIN_CONNECTION points elsewhere, and a test that
/// crashes the server passes a <c>PrivatePostgresServer</c>'s. No password in the string: Npgsql reads it from the
/// PostgreSQL password file (~/.pgpass) that scripts/setup.sh writes, as the app does.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    internal static readonly string SharedAdminConnection =
        Environment.GetEnvironmentVariable("SCREENER_TEST_ADMIN_CONNECTION")
        ?? "Host=127.0.0.1;Port=5432;Username=screener;Database=postgres;Pooling=false;SSL Mode=Disable";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    // One migrated template per server (by its admin connection string).
    private static readonly Dictionary<string, string> TemplateNames = [];
    private static int _counter;

    private readonly string _adminConnection;

    public TestDatabase() : this(SharedAdminConnection) { }

    private TestDatabase(string adminConnection) => _adminConnection = adminConnection;

    /// <summary>A database on another server (xunit wants one public constructor on a class fixture, hence a factory).</summary>
    public static TestDatabase OnServer(string adminConnection) => new(adminConnection);

    public string Name { get; } = $"screener_it_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_adminConnection)
    {
        Database = Name, Pooling = true, IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>A context on this database; a distinct <paramref name="applicationName"/> gets a connection pool of its own.</summary>
    public ScreenerDbContext CreateDbContext(string? applicationName = null)
    {
        var options = new DbContextOptionsBuilder<ScreenerDbContext>();
        ScreenerDatabase.Configure(options, applicationName is null ? ConnectionString
            : new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = applicationName }.ConnectionString);
        return new ScreenerDbContext(options.Options);
    }

    public async Task InitializeAsync()
    {
        var template = await EnsureTemplateAsync();
        await ExecuteAdminAsync($"CREATE DATABASE \"{Name}\" TEMPLATE \"{template}\"");
    }

    public Task DisposeAsync() => DropDatabaseAsync(Name);

    /// <summary>Empties every table (identities restart), for tests that share this class's database.</summary>
    public async Task ResetAsync()
    {
        await using var db = CreateDbContext();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).Distinct().Select(t => $"\"{t}\"");
        // Table names come from our own model, not from input.
        var sql = "TRUNCATE " + string.Join(", ", tables) + " RESTART IDENTITY CASCADE";
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<string> EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (TemplateNames.TryGetValue(_adminConnection, out var existing)) return existing;
            await DropStaleDatabasesAsync();
            var name = $"screener_it_tpl_{Environment.ProcessId}";
            await ExecuteAdminAsync($"CREATE DATABASE \"{name}\"");
            var options = new DbContextOptionsBuilder<ScreenerDbContext>();
            ScreenerDatabase.Configure(options, new NpgsqlConnectionStringBuilder(_adminConnection) { Database = name }.ConnectionString);
            await using (var db = new ScreenerDbContext(options.Options))
                await MigrateDatabase.RunAsync(db, CancellationToken.None);
            NpgsqlConnection.ClearAllPools();
            if (_adminConnection == SharedAdminConnection)
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DropDatabaseAsync(name).GetAwaiter().GetResult();
            return TemplateNames[_adminConnection] = name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    /// <summary>Databases left behind by a test run that was killed; a live run's databases carry its process id.</summary>
    private async Task DropStaleDatabasesAsync()
    {
        await using var conn = new NpgsqlConnection(_adminConnection);
        await conn.OpenAsync();
        var stale = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'screener_it_%'", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stale.Add(reader.GetString(0));
        foreach (var name in stale)
        {
            var pid = name.Replace("screener_it_tpl_", "").Replace("screener_it_", "").Split('_')[0];
            if (int.TryParse(pid, out var p) && p != Environment.ProcessId && !ProcessIsAlive(p))
                await DropDatabaseAsync(name);
        }
    }

    /// <summary>
    /// Drops a test database, ending its sessions. The screener role is not a superuser, and FORCE refuses outright
    /// when the database holds a session it may not end: an autovacuum worker, which belongs to no role (the server
    /// log of the runs that failed in class clean-up says "must be a member of the role whose process is being
    /// terminated"). The worker is done within moments, so the drop is tried again; a database still left after that
    /// is written to standard error and not failed on (a failing class clean-up fails the whole run): the next run
    /// drops it with the other databases of a process that is gone.
    /// </summary>
    private async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                if (attempt == 8)
                {
                    await Console.Error.WriteLineAsync($"test database {name} left behind ({e.SqlState}: {e.MessageText}); the next test run drops it");
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }

    private static bool ProcessIsAlive(int pid)
    {
        try { return !System.Diagnostics.Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return false; }
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_adminConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
