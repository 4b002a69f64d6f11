using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Jobs.Batch;
using Screener.Core.Vocabulary;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Batch;

/// <summary>`screen --batch` against the loopback Batch API: submit, poll, store, partial and expired batches (issue 22).</summary>
public sealed class BatchRouteTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    // 1000 in x 1000 + 100 out x 2000 per million: $1.20 a call online, $0.60 through the batch (half, the default).
    internal static Dictionary<string, string?> OpenAISettings(FakeLlmServer server) => new()
    {
        ["Llm:Provider"] = "openai", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:ApiKey"] = "sk-test", ["Llm:Model"] = "screener-test",
        ["Llm:MaxRetries"] = "0", ["Llm:RetryBaseDelayMilliseconds"] = "1",
        ["Llm:Prices:screener-test:Input"] = "1000", ["Llm:Prices:screener-test:Output"] = "2000",
    };

    internal static Task<FakeLlmServer> PricedServerAsync(Func<FakeLlmRequest, string>? content = null) => FakeLlmServer.StartAsync(request =>
        FakeLlmReply.Text(content?.Invoke(request) ?? IncludeReply()) with { PromptTokens = 1000, CompletionTokens = 100 });

    private Task<CliResult> BatchAsync(FakeLlmServer server, Dictionary<string, string?>? settings = null) =>
        CliHarness.RunAsync(database, settings ?? OpenAISettings(server), "screen", "--review", ReviewName, "--batch");

    [Fact]
    public async Task A_batch_is_sent_polled_and_stored_through_the_online_path_at_the_batch_rate()
    {
        await SeedAsync(database, 4);
        await using var server = await PricedServerAsync();

        var submit = await BatchAsync(server);

        submit.AssertExit(0);
        Assert.Contains("sent 4 request(s) in 1 batch(es)", submit.Out);
        Assert.Equal((1, 1, 4, 0), (server.Batches.Uploads, server.Batches.BatchesCreated, server.Batches.InputLines.Count, server.RequestCount));
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(4, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Batched));
            Assert.Equal(RunStatus.Running, (await db.Runs.SingleAsync()).Status);
            Assert.Equal(BatchSubmissionStep.Submitted, (await db.BatchSubmissions.SingleAsync()).Step);
        }

        var early = await BatchAsync(server);
        early.AssertExit(0);
        Assert.Contains("1 batch(es) still in progress", early.Out);
        Assert.Equal(1, server.Batches.Uploads);

        server.Batches.Finish(FakeBatchOutcome.Complete);
        var poll = await BatchAsync(server);

        poll.AssertExit(0);
        Assert.Contains("4 reply(ies) stored, 0 unanswered", poll.Out);
        Assert.Equal(0, server.RequestCount);
        await using var after = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(after, 4);
        var batchId = (await after.BatchSubmissions.SingleAsync()).BatchId;
        var audits = await after.Suggestions.Select(s => s.Audit).ToListAsync();
        Assert.All(audits, a => Assert.Equal((batchId, 0.6m, 1000, 100), (a.BatchId, a.Cost, a.PromptTokens, a.CompletionTokens)));
        Assert.All(audits, a => Assert.Equal("screener-test", a.ReportedModel));
        Assert.Equal(RunStatus.Completed, (await after.Runs.SingleAsync()).Status);
    }

    [Fact]
    public async Task A_batch_line_is_exactly_the_request_the_online_path_sends()
    {
        await SeedAsync(database, 2);
        await using var server = await PricedServerAsync();
        (await BatchAsync(server)).AssertExit(0);
        var lines = server.Batches.InputLines;
        Assert.All(lines, l => Assert.Equal(("POST", "/v1/chat/completions"), (l["method"]!.GetValue<string>(), l["url"]!.GetValue<string>())));

        await database.ResetAsync();
        await SeedAsync(database, 2);
        (await CliHarness.RunAsync(database, OpenAISettings(server), "screen", "--review", ReviewName)).AssertExit(0);

        var online = server.Requests.Where(r => r.Kind == FakeLlmKind.ChatCompletions).Select(r => r.Body!).ToList();
        Assert.Equal(2, online.Count);
        foreach (var body in online)
            Assert.Contains(lines, l => JsonNode.DeepEquals(l["body"], body));
    }

    [Fact]
    public async Task A_batch_answered_in_part_leaves_exactly_the_unanswered_items_pending_and_the_next_batch_sends_only_them()
    {
        await SeedAsync(database, 5);
        await using var server = await PricedServerAsync();
        (await BatchAsync(server)).AssertExit(0);
        server.Batches.Finish(new FakeBatchOutcome("completed", Errors: 1, Missing: 1));

        var poll = await BatchAsync(server);

        poll.AssertExit(0);
        Assert.Contains("3 reply(ies) stored, 2 unanswered", poll.Out);
        Assert.Contains("2 item(s) the batch did not answer are pending again", poll.Out);
        List<long> pending;
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(3, await db.Suggestions.CountAsync());
            pending = await db.WorkItems.Where(w => w.Status == WorkItemStatus.Pending).OrderBy(w => w.Id).Select(w => w.Id).ToListAsync();
            Assert.Equal(2, pending.Count);
            var errors = await db.WorkItems.Where(w => w.Status == WorkItemStatus.Pending).Select(w => w.LastError!).ToListAsync();
            Assert.Contains(errors, e => e.Contains("scripted error", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.Contains("no reply in the batch", StringComparison.Ordinal));
        }

        var resend = await BatchAsync(server);

        resend.AssertExit(0);
        Assert.Equal(2, server.Batches.Uploads);
        var sentAgain = server.Batches.InputLines.Skip(5).Select(l => l["custom_id"]!.GetValue<string>()).ToList();
        Assert.Equal(pending.Select(id => $"item-{id}"), sentAgain);
        server.Batches.Finish(FakeBatchOutcome.Complete);
        (await BatchAsync(server)).AssertExit(0);
        await using var after = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(after, 5);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task An_expired_batch_keeps_what_it_answered_and_leaves_the_rest_pending()
    {
        await SeedAsync(database, 3);
        await using var server = await PricedServerAsync();
        (await BatchAsync(server)).AssertExit(0);
        server.Batches.Finish(FakeBatchOutcome.Expire(unanswered: 2));

        var poll = await BatchAsync(server);

        poll.AssertExit(0);
        Assert.Contains("expired", poll.Out);
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Suggestions.CountAsync());
        Assert.Equal(2, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Pending));
        var submission = await db.BatchSubmissions.SingleAsync();
        Assert.Equal(("expired", BatchSubmissionStep.Applied, 1, 2), (submission.BatchStatus, submission.Step, submission.Answered, submission.Missing));
        Assert.Equal(RunStatus.Running, (await db.Runs.SingleAsync()).Status);
    }

    [Fact]
    public async Task A_process_killed_after_the_upload_reuses_the_uploaded_file_and_uploads_nothing_twice()
    {
        await SeedAsync(database, 2);
        await using var server = await PricedServerAsync();
        server.Batches.Drop = FakeBatchDrop.UploadAnswer;

        var killed = await BatchAsync(server);

        Assert.NotEqual(0, killed.ExitCode);
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(BatchSubmissionStep.Prepared, (await db.BatchSubmissions.SingleAsync()).Step);
            Assert.Equal(2, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Batched));
        }

        var rerun = await BatchAsync(server);

        rerun.AssertExit(0);
        Assert.Equal((1, 1), (server.Batches.Uploads, server.Batches.BatchesCreated));
        server.Batches.Finish(FakeBatchOutcome.Complete);
        (await BatchAsync(server)).AssertExit(0);
        await using var after = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(after, 2);
    }

    [Fact]
    public async Task A_process_killed_after_creating_the_batch_finds_it_and_creates_nothing_twice()
    {
        await SeedAsync(database, 2);
        await using var server = await PricedServerAsync();
        server.Batches.Drop = FakeBatchDrop.CreateAnswer;

        var killed = await BatchAsync(server);

        Assert.NotEqual(0, killed.ExitCode);
        await using (var db = database.CreateDbContext())
            Assert.Equal(BatchSubmissionStep.Uploaded, (await db.BatchSubmissions.SingleAsync()).Step);

        var rerun = await BatchAsync(server);

        rerun.AssertExit(0);
        Assert.Equal((1, 1), (server.Batches.Uploads, server.Batches.BatchesCreated));
        server.Batches.Finish(FakeBatchOutcome.Complete);
        (await BatchAsync(server)).AssertExit(0);
        await using var after = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(after, 2);
    }

    [Fact]
    public async Task A_batch_reply_that_does_not_parse_is_repaired_online_at_the_online_rate()
    {
        await SeedAsync(database, 1);
        // The batch line (system + user) gets prose; the repair (with the assistant's reply) gets the JSON.
        await using var server = await PricedServerAsync(r => r.Messages.Count > 2 ? IncludeReply() : "Include, I think.");
        (await BatchAsync(server)).AssertExit(0);
        server.Batches.Finish(FakeBatchOutcome.Complete);

        (await BatchAsync(server)).AssertExit(0);

        Assert.Equal(1, server.RequestCount);
        await using var db = database.CreateDbContext();
        var suggestion = await db.Suggestions.SingleAsync();
        Assert.Equal(SuggestionStatus.Parsed, suggestion.Status);
        Assert.Contains("--- repair reply ---", suggestion.Audit.RawReply);
        Assert.Equal((0.6m + 1.2m, 2000), (suggestion.Audit.Cost, suggestion.Audit.PromptTokens));
    }

    [Fact]
    public async Task The_Azure_batch_uses_its_own_urls_with_api_version_and_key()
    {
        await SeedAsync(database, 2);
        await using var server = await PricedServerAsync();
        var settings = OpenAISettings(server);
        settings["Llm:Provider"] = "azure";
        settings["Llm:Endpoint"] = server.BaseAddress.ToString();

        (await BatchAsync(server, settings)).AssertExit(0);
        server.Batches.Finish(FakeBatchOutcome.Complete);
        (await BatchAsync(server, settings)).AssertExit(0);

        Assert.Empty(server.Batches.Refusals);
        Assert.All(server.Batches.InputLines, l => Assert.Equal(("/chat/completions", "screener-test"),
            (l["url"]!.GetValue<string>(), l["body"]!["model"]!.GetValue<string>())));
        await using var db = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(db, 2);
    }

    [Fact]
    public async Task A_run_larger_than_the_file_limit_is_split_into_several_batches()
    {
        await SeedAsync(database, 5);
        await using var server = await PricedServerAsync();
        var settings = OpenAISettings(server);
        settings["Llm:Batch:MaxRequestsPerFile"] = "2";

        var submit = await BatchAsync(server, settings);

        submit.AssertExit(0);
        Assert.Contains("sent 5 request(s) in 3 batch(es)", submit.Out);
        Assert.Equal((3, 3), (server.Batches.Uploads, server.Batches.BatchesCreated));
        server.Batches.Finish(FakeBatchOutcome.Complete);
        (await BatchAsync(server, settings)).AssertExit(0);
        await using var db = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(db, 5);
    }

    [Fact]
    public async Task A_provider_without_a_batch_api_is_refused_with_what_to_do()
    {
        await SeedAsync(database, 1);
        await using var server = await PricedServerAsync();
        var settings = OpenAISettings(server);
        settings["Llm:Provider"] = "local";

        var result = await BatchAsync(server, settings);

        result.AssertExit(2);
        Assert.Contains("--batch needs provider openai or azure", result.Error);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Batched));
    }
}
