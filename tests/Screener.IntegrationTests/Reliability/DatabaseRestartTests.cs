using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Jobs;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Screening;
using Screener.IntegrationTests.Web;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Reliability;

/// <summary>
/// The database goes away mid-run: every connection dropped (a restart as clients see it), and the server process
/// itself crashed and restarted. In a class of its own: cutting connections would disturb other tests sharing its
/// database; the crash runs on a server of its own.
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
        await AssertOneSuggestionPerRecordAsync(db, records);
    }

    [Fact]
    public async Task A_database_server_that_crashes_and_restarts_mid_run_loses_nothing_and_a_rerun_finishes_exactly()
    {
        const int records = 100;
        await using var server = await PrivatePostgresServer.StartAsync();
        // Not dropped afterwards: the whole server goes when the test ends.
        var crashing = TestDatabase.OnServer(server.AdminConnection);
        await crashing.InitializeAsync();
        await SeedAsync(crashing, records);
        await using var llm = await FakeLlmServer.StartAsync(_ => new FakeLlmReply { Content = IncludeReply(), Delay = TimeSpan.FromMilliseconds(100) });

        using (var worker = CliHarness.StartProcess(crashing.ConnectionString, LlmSettings(llm), "screen", "--review", ReviewName, "--json"))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await CountSuggestionsAsync(crashing) < 10 && DateTime.UtcNow < deadline && !worker.HasExited)
                await Task.Delay(50);
            if (worker.HasExited) Assert.Fail("the worker ended before the crash: " + await worker.StandardError.ReadToEndAsync());
            // Immediate shutdown = a crash: no checkpoint; suggestions committed with synchronous_commit off may be lost.
            await server.CrashAsync();
            await Task.Delay(500);
            await server.StartServerAsync();

            // The worker sees its connections cut: it stops with one line that says to rerun, and an exit code.
            var exited = worker.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(60))) != exited)
            {
                worker.Kill();
                Assert.Fail("the worker did not stop within 60 s of the database crash");
            }
            var error = await worker.StandardError.ReadToEndAsync();
            Assert.Equal(3, worker.ExitCode);
            Assert.Contains("run the same command again to continue", error);
        }
        var keptThroughCrash = await CountSuggestionsAsync(crashing, "after-crash");
        Assert.True(keptThroughCrash < records, $"all {records} suggestions were stored before the crash: it was not mid-run");
        var rerun = await CliHarness.RunAsync(crashing, new Dictionary<string, string?>(LlmSettings(llm)) { ["Llm:MaxConcurrency"] = "16" },
            "screen", "--review", ReviewName, "--json");

        rerun.AssertExit(0);
        // A pool of its own: this process's earlier connections were cut by the crash.
        await using var db = crashing.CreateDbContext(applicationName: "after-crash");
        await AssertOneSuggestionPerRecordAsync(db, records);
    }

    [Fact]
    public async Task While_the_database_server_is_down_a_decision_gets_503_with_retry_advice_and_after_its_restart_nothing_is_lost()
    {
        await using var server = await PrivatePostgresServer.StartAsync();
        var crashing = TestDatabase.OnServer(server.AdminConnection);
        await crashing.InitializeAsync();
        var seed = await ReviewSeed.RunAsync(crashing);
        await using var web = await WebTestApp.StartAsync(crashing.ConnectionString);
        using var alice = web.Client(seed.ApiKeys["alice"]);
        Task<HttpResponseMessage> Decide(int record) =>
            alice.PutAsJsonAsync($"/api/reviews/{seed.ReviewA}/records/{seed.RecordsA[record]}/decision", new { decision = "include" });
        Assert.Equal(HttpStatusCode.OK, (await Decide(0)).StatusCode);

        await server.CrashAsync();
        var whileDown = await Decide(1);
        var problem = await whileDown.Content.ReadFromJsonAsync<JsonElement>();
        await server.StartServerAsync();
        // The host's pooled connections died with the server: each may fail one request, every failure a 503, never a 500.
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 50 && statuses.LastOrDefault() != HttpStatusCode.OK; attempt++)
        {
            if (attempt > 0) await Task.Delay(100);
            statuses.Add((await Decide(1)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
        Assert.Equal("5", whileDown.Headers.GetValues("Retry-After").Single());
        Assert.Contains("retry", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("127.0.0.1", problem.GetRawText());
        Assert.Equal(HttpStatusCode.OK, statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
        await using var db = crashing.CreateDbContext(applicationName: "after-crash");
        Assert.Equal([seed.RecordsA[0], seed.RecordsA[1]], await db.HumanDecisions.OrderBy(d => d.RecordId).Select(d => d.RecordId).ToListAsync());
    }

    private static Dictionary<string, string?> LlmSettings(FakeLlmServer llm) => new()
    {
        ["Llm:Provider"] = "local", ["Llm:Endpoint"] = llm.OpenAIEndpoint(), ["Llm:Model"] = "crash-test",
        ["Llm:MaxConcurrency"] = "4", ["Llm:RetryBaseDelayMilliseconds"] = "1",
    };

    private static async Task<int> CountSuggestionsAsync(TestDatabase target, string? applicationName = null)
    {
        await using var db = target.CreateDbContext(applicationName);
        return await db.Suggestions.CountAsync();
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
