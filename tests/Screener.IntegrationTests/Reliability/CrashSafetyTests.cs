using Microsoft.EntityFrameworkCore;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Reliability;

/// <summary>A worker killed mid-run: a rerun finishes with exact counts.</summary>
public sealed class CrashSafetyTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string?> LlmSettings(FakeLlmServer server) => new()
    {
        ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "crash-test",
        ["Llm:MaxConcurrency"] = "2", ["Llm:RetryBaseDelayMilliseconds"] = "1",
    };

    [Fact]
    public async Task A_worker_killed_with_sigkill_mid_run_is_resumed_with_no_lost_and_no_duplicated_suggestion()
    {
        const int records = 100;
        await SeedAsync(database, records);
        await using var server = await FakeLlmServer.StartAsync(_ => new FakeLlmReply { Content = IncludeReply(), Delay = TimeSpan.FromMilliseconds(200) });

        using (var worker = CliHarness.StartProcess(database.ConnectionString, LlmSettings(server), "screen", "--review", ReviewName, "--json"))
        {
            // Wait (bounded) until the worker is demonstrably mid-run: some suggestions saved, more in flight.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await CountSuggestionsAsync() < 5 && DateTime.UtcNow < deadline && !worker.HasExited)
                await Task.Delay(50);
            if (worker.HasExited) Assert.Fail("the worker ended before it could be killed: " + await worker.StandardError.ReadToEndAsync());
            worker.Kill(); // SIGKILL: no cleanup, claimed items stay Running
            await worker.WaitForExitAsync();
            Assert.Equal(137, worker.ExitCode);
        }
        var savedBeforeKill = await CountSuggestionsAsync();
        Assert.True(savedBeforeKill is >= 5 and < records, $"{savedBeforeKill} suggestions were saved before the kill");

        var settings = LlmSettings(server);
        settings["Llm:MaxConcurrency"] = "16"; // the rerun need not be slow
        var rerun = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--json");

        rerun.AssertExit(0);
        await using var db = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(db, records);
    }

    private async Task<int> CountSuggestionsAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.Suggestions.CountAsync();
    }
}
