using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Web;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Screening;

/// <summary>`screener runs` and the stored totals on `screen`'s "run total" line (issue 21 item 8).</summary>
public sealed class RunsCliTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    // Priced in the shell form of the model's name (issue 21 item 10): 1000 in x 1000 + 100 out x 2000 per million = $1.20 a call.
    private static Dictionary<string, string?> Settings(string endpoint) => new()
    {
        ["Llm:Provider"] = "local", ["Llm:Endpoint"] = endpoint, ["Llm:Model"] = "screener-test",
        ["Llm:RetryBaseDelayMilliseconds"] = "1", ["Llm:MaxRetries"] = "1",
        ["Llm:Prices:screener_test:Input"] = "1000", ["Llm:Prices:screener_test:Output"] = "2000",
    };

    [Fact]
    public async Task The_run_total_line_and_runs_count_every_invocation_of_the_run_not_just_the_last()
    {
        await SeedAsync(database, 4);
        await using var server = await FakeLlmServer.StartAsync(_ =>
            FakeLlmReply.Text(IncludeReply()) with { PromptTokens = 1000, CompletionTokens = 100 });

        (await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName, "--limit", "1")).AssertExit(0);
        var second = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName);

        second.AssertExit(0);
        Assert.Contains("this invocation: tokens 3000 in / 300 out, cost $3.6000", second.Out);
        Assert.Contains("run total: 4/4 done, 0 failed, 0 pending; tokens 4000 in / 400 out, cost $4.8000 over all its invocations", second.Out);

        var runs = await CliHarness.RunAsync(database, "runs", "--review", ReviewName, "--json");
        runs.AssertExit(0);
        using var json = JsonDocument.Parse(runs.Out);
        var run = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(("Screening", "Completed"), (run.GetProperty("stage").GetString(), run.GetProperty("status").GetString()));
        Assert.Equal(["screener-test"], run.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["screening/v1"], run.GetProperty("prompts").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal((4, 4, 0, 0), (run.GetProperty("total").GetInt32(), run.GetProperty("done").GetInt32(),
            run.GetProperty("failed").GetInt32(), run.GetProperty("pending").GetInt32()));
        Assert.Equal((4000L, 400L, 4.8m), (run.GetProperty("promptTokens").GetInt64(), run.GetProperty("completionTokens").GetInt64(),
            run.GetProperty("cost").GetDecimal()));
        Assert.True(run.TryGetProperty("finishedAt", out var finished) && finished.ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task Cached_prompt_tokens_from_the_usage_details_are_stored_per_call_priced_at_the_cached_rate_and_shown_by_runs()
    {
        await SeedAsync(database, 2);
        await using var server = await FakeLlmServer.StartAsync(_ =>
            FakeLlmReply.Text(IncludeReply()) with { PromptTokens = 1000, CompletionTokens = 100, CachedTokens = 600 });
        var settings = Settings(server.OpenAIEndpoint());
        settings["Llm:Prices:screener_test:CachedInput"] = "100";

        (await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName)).AssertExit(0);

        await using (var db = database.CreateDbContext())
            // 400 x 1000 + 600 x 100 + 100 x 2000 per million = $0.66 a call, not the $1.20 of an uncached prompt.
            Assert.All(await db.Suggestions.ToListAsync(), s => Assert.Equal((600, 0.66m), (s.Audit.CachedPromptTokens, s.Audit.Cost)));
        var runs = await CliHarness.RunAsync(database, "runs", "--review", ReviewName);
        runs.AssertExit(0);
        Assert.Contains("tokens 2000 in (1200 cached) / 200 out, cost $1.3200", runs.Out);
    }

    [Fact]
    public async Task Runs_lists_screening_and_extraction_runs_with_a_cancelled_state_and_costs_from_their_outputs()
    {
        var seed = await ReviewSeed.RunAsync(database);
        await using (var db = database.CreateDbContext())
        {
            (await db.Runs.SingleAsync(r => r.ReviewId == seed.ReviewA && r.Stage == RunStage.Extraction)).Status = RunStatus.Cancelled;
            foreach (var s in await db.Suggestions.ToListAsync())
            {
                s.Audit.PromptTokens = 200;
                s.Audit.CompletionTokens = 20;
                s.Audit.Cost = 0.01m;
            }
            (await db.ExtractionDrafts.SingleAsync()).Audit.Cost = 0.5m;
            await db.SaveChangesAsync();
        }

        var result = await CliHarness.RunAsync(database, "runs", "--review", "A");

        result.AssertExit(0);
        var lines = result.Out.Split('\n', StringSplitOptions.TrimEntries);
        var screening = Array.FindIndex(lines, l => l.Contains(" Screening ", StringComparison.Ordinal));
        var extraction = Array.FindIndex(lines, l => l.Contains(" Extraction Cancelled: model test-model", StringComparison.Ordinal));
        Assert.True(screening >= 0 && extraction > screening, result.Out);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"tokens {200 * 5} in (0 cached) / {20 * 5} out, cost $0.0500"), lines[screening + 1]);
        Assert.Contains("cost $0.5000", lines[extraction + 1]);
        Assert.Contains("no review named 'B2'", (await CliHarness.RunAsync(database, "runs", "--review", "B2")).Error);
    }
}
