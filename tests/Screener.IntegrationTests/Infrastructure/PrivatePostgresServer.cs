using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Screener.IntegrationTests.Infrastructure;

/// <summary>
/// A PostgreSQL 15 server of its own (initdb in a temporary folder, a free loopback port, trust authentication), for
/// tests that stop or crash the server itself: doing that to the shared server would cut every other test class.
/// Uses the binaries scripts/setup.sh installs (/usr/lib/postgresql/15/bin, or SCREENER_TEST_PG_BIN); pgvector's
/// files are shared by every cluster of that version. Run as root, the server runs as the postgres user (PostgreSQL
/// refuses root).
/// </summary>
public sealed class PrivatePostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dataDirectory;
    private readonly int _port;

    private PrivatePostgresServer(string bin, string dataDirectory, int port)
    {
        _bin = bin;
        _dataDirectory = dataDirectory;
        _port = port;
    }

    /// <summary>For <see cref="TestDatabase"/>: the superuser on the maintenance database.</summary>
    public string AdminConnection => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = _port, Username = "postgres", Database = "postgres", Pooling = false, SslMode = SslMode.Disable,
    }.ConnectionString;

    public static async Task<PrivatePostgresServer> StartAsync()
    {
        var bin = Environment.GetEnvironmentVariable("SCREENER_TEST_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")))
            throw new InvalidOperationException($"no PostgreSQL binaries in {bin}: run scripts/setup.sh, or set SCREENER_TEST_PG_BIN to the folder with initdb and pg_ctl");
        // initdb creates the folder itself, so it belongs to the user the server runs as.
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"screener-pg-{Guid.NewGuid():N}");
        var server = new PrivatePostgresServer(bin, dataDirectory, FreePort());
        await server.RunAsync("initdb", "-D", dataDirectory, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C");
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="CrashAsync"/>); returns once it accepts connections.</summary>
    public Task StartServerAsync() => RunAsync("pg_ctl", "start", "-w", "-t", "60", "-D", _dataDirectory, "-l", Path.Combine(_dataDirectory, "server.log"),
        "-o", $"-p {_port} -k {_dataDirectory} -c listen_addresses=127.0.0.1");

    /// <summary>
    /// Stops the server the way a crash does (immediate shutdown: no checkpoint, clients cut, recovery from the WAL at the
    /// next start), so commits made with synchronous_commit off may be lost, as after a real crash.
    /// </summary>
    public Task CrashAsync() => RunAsync("pg_ctl", "stop", "-m", "immediate", "-w", "-D", _dataDirectory);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await RunAsync("pg_ctl", "stop", "-m", "immediate", "-w", "-D", _dataDirectory); }
        catch (InvalidOperationException) { /* already stopped */ }
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task RunAsync(string tool, params string[] args)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(_bin, tool))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (asRoot) foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(_bin, tool) }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {process.ExitCode}: {await error} {await output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
