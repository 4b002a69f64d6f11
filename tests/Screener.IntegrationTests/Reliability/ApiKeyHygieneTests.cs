using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Jobs;
using Screener.Core.Screening;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Reliability;

/// <summary>
/// The API key never leaves the request header: not in the CLI's output, not in any log line down to Trace, not in a
/// stored error, even when a server echoes it back in its error message (a cause keeps the first line of the SDK's
/// exception, the status, and not the server's message). LlmProviderWireTests checks the gateway sends the key;
/// this checks everything the product writes.
/// </summary>
public sealed partial class ApiKeyHygieneTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Key = "sk-proj-LEAKCHECK7f3a9c2e41b8d6";

    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string?> Settings(FakeLlmServer server) => new()
    {
        ["Llm:Provider"] = "openai", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "key-test", ["Llm:ApiKey"] = Key,
        ["Llm:MaxConcurrency"] = "1", ["Llm:MaxRetries"] = "1", ["Llm:RetryBaseDelayMilliseconds"] = "1",
        ["Llm:CircuitBreakerMinimumThroughput"] = "100000",
    };

    /// <summary>Servers that echo the key they were sent: a 401 (some proxies print it whole), a 500, a 400 about the request.</summary>
    private static FakeLlmReply Echoing(FakeLlmRequest request) => (RecordNumber(request) % 4) switch
    {
        1 => FakeLlmReply.Error(401, $"Incorrect API key provided: {Key}. You can find your API key at https://platform.openai.com.", "invalid_request_error"),
        2 => FakeLlmReply.Error(500, $"upstream failed for Authorization: Bearer {Key}"),
        3 => FakeLlmReply.Error(400, $"bad request (key {Key})", "invalid_request_error"),
        _ => FakeLlmReply.Text(IncludeReply()),
    };

    [Fact]
    public async Task The_cli_prints_no_key_and_stores_none_even_when_the_server_echoes_it()
    {
        await SeedAsync(database, 8);
        await using var server = await FakeLlmServer.StartAsync(Echoing);

        var result = await CliHarness.RunAsync(database, Settings(server), "screen", "--review", ReviewName);

        Assert.Equal(0, result.ExitCode);
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Key, r.Header("Authorization"))); // the key was really used
        Assert.Contains("6 failed", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.Out + result.Error, StringComparison.Ordinal);
        await AssertNothingStoredHoldsTheKeyAsync();
    }

    [Fact]
    public async Task No_log_line_down_to_trace_holds_the_key()
    {
        await SeedAsync(database, 8);
        await using var server = await FakeLlmServer.StartAsync(Echoing);
        var logs = new LogCapture();
        await using var services = LogCapture.Services(database, Settings(server), logs);

        var result = await services.GetRequiredService<ScreenRecords>().RunAsync(new ScreenRequest(ReviewName), null, CancellationToken.None);

        Assert.Equal((2, 6), (result.DoneTotal, result.FailedTotal));
        Assert.Contains(logs.Lines, l => l.Contains("HTTP 500", StringComparison.Ordinal)); // the failures were logged...
        Assert.True(logs.Lines.Count > 20, $"{logs.Lines.Count} log lines");
        Assert.DoesNotContain(Key, logs.Text, StringComparison.Ordinal); // ...without the key
        Assert.DoesNotContain(Key, string.Join("\n", result.FailureSamples), StringComparison.Ordinal);
        await AssertNothingStoredHoldsTheKeyAsync();
    }

    private async Task AssertNothingStoredHoldsTheKeyAsync()
    {
        await using var db = database.CreateDbContext();
        var errors = await db.WorkItems.Where(w => w.Status == WorkItemStatus.Failed).Select(w => w.LastError!).ToListAsync();
        Assert.Equal(6, errors.Count);
        Assert.All(errors, e => Assert.Matches(@"^ClientResultException \(HTTP (401|500|400)\)", e));
        var stored = await db.Suggestions.Select(s => s.Audit.RawReply + s.Audit.Error + s.Audit.ParametersJson).ToListAsync()
            .ContinueWith(t => string.Join("\n", t.Result), TaskScheduler.Default);
        stored += string.Join("\n", await db.Runs.Select(r => r.SettingsJson + r.Provider + r.Model).ToListAsync());
        Assert.DoesNotContain(Key, stored + string.Join("\n", errors), StringComparison.Ordinal);
    }

    private static int RecordNumber(FakeLlmRequest request) =>
        int.Parse(TrialNumber().Match(request.RawBody).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"trial number (\d+) in")]
    private static partial Regex TrialNumber();
}
