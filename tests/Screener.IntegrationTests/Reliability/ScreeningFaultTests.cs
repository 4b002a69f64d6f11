using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Jobs;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Reliability;

/// <summary>
/// `screener screen` against a loopback server that misbehaves per record in every way issue 9 lists, with the real
/// gateway and database: each record ends either suggested or failed with its cause, and a retry finishes the rest.
/// </summary>
public sealed partial class ScreeningFaultTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>What the server does to a record, by record number modulo the number of faults.</summary>
    private enum Fault
    {
        Healthy,
        RateLimitedOnce,
        ServerErrorBurst,
        ConnectionDropped,
        BodyTruncated,
        HtmlInsteadOfJson,
        ProseInsteadOfJson,
        SchemaIgnored,
        SlowerThanAttemptTimeout,
    }

    private static readonly int FaultCount = Enum.GetValues<Fault>().Length;

    private static Fault FaultOf(int record) => (Fault)(record % FaultCount);

    private static Dictionary<string, string?> Settings(FakeLlmServer server) => new()
    {
        ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "fault-test",
        ["Llm:MaxConcurrency"] = "6", ["Llm:MaxRetries"] = "2", ["Llm:RetryBaseDelayMilliseconds"] = "1",
        ["Llm:MaxRetryDelaySeconds"] = "1", ["Llm:AttemptTimeoutSeconds"] = "1", ["Llm:TotalTimeoutSeconds"] = "20",
        // The circuit has its own test below; here it stays closed so each record's outcome is exact.
        ["Llm:CircuitBreakerMinimumThroughput"] = "100000",
    };

    [Fact]
    public async Task Mixed_faults_end_with_every_record_suggested_or_failed_with_its_cause_and_a_retry_completes_the_rest()
    {
        var records = 2 * FaultCount;
        await SeedAsync(database, records);
        var attempts = new int[records + 1];
        await using var server = await FakeLlmServer.StartAsync(request =>
        {
            var n = RecordNumber(request);
            return Misbehave(FaultOf(n), Interlocked.Increment(ref attempts[n]));
        });

        var first = await CliHarness.RunAsync(database, Settings(server), "screen", "--review", ReviewName, "--json");

        first.AssertExit(0); // only a run where everything failed exits 1; the counts say what failed
        await using (var db = database.CreateDbContext())
        {
            var items = await db.WorkItems.ToListAsync();
            var numbers = await db.Records.ToDictionaryAsync(r => r.Id, r => r.SourcePosition);
            var suggestions = await db.Suggestions.ToDictionaryAsync(s => numbers[s.RecordId]);
            Assert.Equal(records, items.Count);
            Assert.All(items, w => Assert.True(w.Status is WorkItemStatus.Done or WorkItemStatus.Failed, $"{w.Status}"));
            foreach (var item in items) AssertOutcome(item, numbers[item.RecordId], suggestions);
            Assert.Equal(records, suggestions.Count + items.Count(w => w.Status == WorkItemStatus.Failed));
        }
        // What reached the server: one request per healthy call, the retries the faults asked for, one repair per unparseable reply.
        Assert.Equal([1, 2, 3, 3, 3, 3, 2, 2, 3], Enumerable.Range(0, FaultCount).Select(f => attempts[FaultCount + f]).ToArray());
        using (var json = JsonDocument.Parse(first.Out))
            Assert.Equal((10, 8), (json.RootElement.GetProperty("doneTotal").GetInt32(), json.RootElement.GetProperty("failedTotal").GetInt32()));

        server.Responder = _ => FakeLlmReply.Text(IncludeReply());
        var retry = await CliHarness.RunAsync(database, Settings(server), "screen", "--review", ReviewName, "--retry-failed", "--json");

        retry.AssertExit(0);
        await using var after = database.CreateDbContext();
        Assert.Equal(records, await after.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Done && w.LastError == null));
        Assert.Equal(records, await after.Suggestions.CountAsync());
        Assert.Equal(records, await after.Suggestions.Select(s => s.RecordId).Distinct().CountAsync());
        Assert.Equal(4, await after.Suggestions.CountAsync(s => s.Status == SuggestionStatus.Unparseable)); // kept, not redone
    }

    [Fact]
    public async Task The_circuit_opens_on_a_burst_of_server_errors_fails_calls_fast_and_closes_when_the_server_recovers()
    {
        await SeedAsync(database, 5);
        await using var server = await FakeLlmServer.StartAsync(request =>
            request.Sequence <= 3 ? FakeLlmReply.Error(500, "upstream down") : FakeLlmReply.Text(IncludeReply()));
        var logs = new LogCapture();
        await using var services = LogCapture.Services(database, new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "circuit-test",
            ["Llm:MaxConcurrency"] = "1", ["Llm:MaxRetries"] = "6", ["Llm:RetryBaseDelayMilliseconds"] = "1", ["Llm:MaxRetryDelaySeconds"] = "2",
            ["Llm:CircuitBreakerMinimumThroughput"] = "2", ["Llm:CircuitBreakerFailureRatio"] = "0.5", ["Llm:CircuitBreakerBreakSeconds"] = "1",
        }, logs);

        var result = await services.GetRequiredService<ScreenRecords>().RunAsync(new ScreenRequest(ReviewName), null, CancellationToken.None);

        Assert.Equal((5, 0), (result.DoneTotal, result.FailedTotal));
        // Two 500s opened it; while open, calls failed fast without reaching the server and waited out the break;
        // the half-open trial met the third 500 and reopened it; the next trial succeeded and closed it for good.
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("LLM circuit opened", StringComparison.Ordinal)));
        Assert.Contains(logs.Lines, l => l.Contains("(BrokenCircuitException", StringComparison.Ordinal) && l.Contains("retrying in", StringComparison.Ordinal));
        Assert.Equal(3 + 5, server.RequestCount);
        await using var db = database.CreateDbContext();
        Assert.Equal(5, await db.Suggestions.CountAsync(s => s.Status == SuggestionStatus.Parsed));
    }

    /// <summary>Each fault's exact end: suggested and parsed, stored unparseable with its raw text, or failed with its cause.</summary>
    private static void AssertOutcome(WorkItem item, int n, Dictionary<int, LlmSuggestion> suggestions)
    {
        var fault = FaultOf(n);
        switch (fault)
        {
            case Fault.Healthy or Fault.RateLimitedOnce or Fault.ServerErrorBurst:
                Assert.Equal((WorkItemStatus.Done, SuggestionStatus.Parsed), (item.Status, suggestions[n].Status));
                Assert.Equal(ScreeningDecision.Include, suggestions[n].Decision);
                break;
            case Fault.ProseInsteadOfJson or Fault.SchemaIgnored:
                Assert.Equal((WorkItemStatus.Done, SuggestionStatus.Unparseable), (item.Status, suggestions[n].Status));
                Assert.Null(suggestions[n].Decision);
                Assert.Contains(fault == Fault.SchemaIgnored ? "\"answer\"" : "I would include this one", suggestions[n].Audit.RawReply);
                break;
            default:
                Assert.Equal(WorkItemStatus.Failed, item.Status);
                Assert.False(suggestions.ContainsKey(n), $"record {n} ({fault}) failed but has a suggestion");
                Assert.Matches(ExpectedCause(fault), item.LastError);
                break;
        }
    }

    private static FakeLlmReply Misbehave(Fault fault, int attempt) => fault switch
    {
        Fault.RateLimitedOnce when attempt == 1 => FakeLlmReply.RateLimited("1"),
        Fault.ServerErrorBurst when attempt <= 2 => FakeLlmReply.Error(attempt == 1 ? 500 : 503, "upstream overloaded"),
        Fault.ConnectionDropped => FakeLlmReply.Dropped(),
        Fault.BodyTruncated => FakeLlmReply.Text(IncludeReply()) with { TruncateBodyAt = 40 },
        Fault.HtmlInsteadOfJson => new FakeLlmReply { RawBody = "<html><body>502 Bad Gateway</body></html>" },
        Fault.ProseInsteadOfJson => FakeLlmReply.Text("I would include this one, it looks relevant."),
        Fault.SchemaIgnored => FakeLlmReply.Text("""{"answer": "yes", "why": "looks relevant"}"""),
        Fault.SlowerThanAttemptTimeout => FakeLlmReply.Text(IncludeReply()) with { Delay = TimeSpan.FromSeconds(5) },
        _ => FakeLlmReply.Text(IncludeReply()),
    };

    private static string ExpectedCause(Fault fault) => fault switch
    {
        Fault.ConnectionDropped => "An error occurred while sending the request",
        Fault.BodyTruncated => @"not complete JSON \(application/json, 40 bytes\)",
        Fault.HtmlInsteadOfJson => @"not complete JSON \(text/plain, 41 bytes\)",
        Fault.SlowerThanAttemptTimeout => "didn't complete within the allowed timeout of '00:00:01'",
        _ => throw new ArgumentOutOfRangeException(nameof(fault)),
    };

    private static int RecordNumber(FakeLlmRequest request) =>
        int.Parse(TrialNumber().Match(request.RawBody).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"trial number (\d+) in")]
    private static partial Regex TrialNumber();
}
