using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Bench.Records;
using Screener.Core.Persistence;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.FakeLlm;

namespace Screener.Bench.Screening;

/// <summary>
/// What the screening benches share: a fresh migrated database, reviews on the bundled Donners 2021 protocol
/// filled with real eval-data records through the product's importer, and a loopback LLM that answers every
/// request with a valid, grounded screening reply for that protocol after a fixed delay.
/// </summary>
internal sealed class ScreenBenchSetup : IAsyncDisposable
{
    private const string AdminConnection = "Host=127.0.0.1;Port=5432;Username=screener;Database=postgres;Pooling=false;SSL Mode=Disable";

    private readonly string _exportPath;

    private ScreenBenchSetup(string database, string exportPath)
    {
        Database = database;
        _exportPath = exportPath;
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnection) { Database = database, Pooling = true, MaxPoolSize = 200 }.ConnectionString;
    }

    public string Database { get; }

    public string ConnectionString { get; }

    public static string ProtocolPath => Path.Combine(RepoRoot(), "examples", "donners2021-emicizumab", "protocol.yaml");

    /// <summary>Drops and creates the database, migrates it and writes the first <paramref name="records"/> real records as one RIS export.</summary>
    public static async Task<ScreenBenchSetup> CreateAsync(string database, int records, string? shared)
    {
        await DropAsync(database);
        await AdminAsync($"CREATE DATABASE \"{database}\"");
        var setup = new ScreenBenchSetup(database, Path.Combine(Path.GetTempPath(), $"{database}-{Environment.ProcessId}.ris"));
        await using (var db = setup.Open())
            await MigrateDatabase.RunAsync(db, CancellationToken.None);
        var written = await BenchCorpus.WriteRisAsync(BenchCorpus.EvalScreening(shared), setup._exportPath, records);
        Console.WriteLine($"  wrote the first {written:N0} eval-data records (shared/eval-data/screening/*/records.csv, in order) to {setup._exportPath}");
        return setup;
    }

    /// <summary>Drops and creates the database and migrates it, with no records (benches that write their own).</summary>
    public static async Task<ScreenBenchSetup> CreateEmptyAsync(string database)
    {
        await DropAsync(database);
        await AdminAsync($"CREATE DATABASE \"{database}\"");
        var setup = new ScreenBenchSetup(database, Path.Combine(Path.GetTempPath(), $"{database}-{Environment.ProcessId}.ris"));
        await using (var db = setup.Open())
            await MigrateDatabase.RunAsync(db, CancellationToken.None);
        return setup;
    }

    /// <summary>A review on the bundled protocol holding the records, imported by the product's importer.</summary>
    public async Task<(long ReviewId, int Imported)> AddReviewAsync(string name)
    {
        await using var db = Open();
        var init = await InitReview.RunAsync(db, TimeProvider.System, new InitReviewRequest(name, ProtocolPath), CancellationToken.None);
        var sw = Stopwatch.StartNew();
        var imported = await ImportRecords.RunAsync(db, TimeProvider.System, new ImportRecordsRequest(name, [_exportPath], "bench"), CancellationToken.None);
        Console.WriteLine(FormattableString.Invariant($"  review {name}: imported {imported.Imported:N0} records in {sw.Elapsed.TotalSeconds:F1} s"));
        return (init.ReviewId, imported.Imported);
    }

    public ScreenerDbContext Open()
    {
        var options = new DbContextOptionsBuilder<ScreenerDbContext>();
        ScreenerDatabase.Configure(options, ConnectionString);
        return new ScreenerDbContext(options.Options);
    }

    /// <summary>One number from the bench database.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The loopback LLM: a valid reply for the Donners protocol's criteria I1-I4, quoting the record's own title.</summary>
    public static async Task<FakeLlmServer> StartLlmAsync(int delayMs)
    {
        var server = await FakeLlmServer.StartAsync(request => new FakeLlmReply
        {
            Content = Reply(TitleOf(request.LastMessage("user"))),
            Delay = TimeSpan.FromMilliseconds(delayMs),
            PromptTokens = 900,
            CompletionTokens = 160,
        });
        server.RecordRequests = false;
        return server;
    }

    private static string TitleOf(string? userMessage)
    {
        var line = userMessage?.Split('\n').FirstOrDefault(l => l.StartsWith("Title: ", StringComparison.Ordinal));
        var words = (line?["Title: ".Length..] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(4));
    }

    // Half the records are excluded with a violated criterion (a real reason), half included: both paths of the assessment run.
    private static string Reply(string quote)
    {
        var evidence = System.Text.Json.JsonSerializer.Serialize(quote);
        var exclude = quote.Length % 2 == 1;
        return exclude
            ? $$"""{"criteria":[{"id":"I1","verdict":"not_met","evidence":{{evidence}},"reason":"not about emicizumab"},{"id":"I2","verdict":"unclear","evidence":"","reason":""},{"id":"I3","verdict":"unclear","evidence":"","reason":""},{"id":"I4","verdict":"met","evidence":"","reason":"English"}],"decision":"exclude","exclusion_reason":"not emicizumab","confidence":0.85}"""
            : $$"""{"criteria":[{"id":"I1","verdict":"met","evidence":{{evidence}},"reason":"title"},{"id":"I2","verdict":"met","evidence":"","reason":"humans"},{"id":"I3","verdict":"unclear","evidence":"","reason":""},{"id":"I4","verdict":"met","evidence":"","reason":"English"}],"decision":"include","exclusion_reason":null,"confidence":0.7}""";
    }

    public static string Machine()
    {
        var load = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"load average {load[0]} {load[1]} {load[2]} on {Environment.ProcessorCount} cores (shared machine)";
    }

    public static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Screener.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Screener.sln");
    }

    /// <summary>
    /// FORCE ends our own sessions, but not an autovacuum worker that has just started on the fresh tables (it runs
    /// as the superuser, so the screener role may not end it: 42501); such a worker finishes within seconds.
    /// Every bench that creates a scratch database drops it through here.
    /// </summary>
    internal static async Task DropAsync(string database)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AdminAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(AdminConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await DropAsync(Database);
        File.Delete(_exportPath);
    }
}
