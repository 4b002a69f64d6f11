using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Screening;

/// <summary>
/// What `screen` does before any work is claimed: `--estimate` (issue 22: no LLM call, exact prompt tokens, output
/// tokens from stored calls, cost, time) and the endpoint check that fails fast with one line (issue 21 item 7).
/// </summary>
public sealed class ScreenPreflightTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, string?> Settings(string endpoint, string model = "gpt-4o-mini") => new()
    {
        ["Llm:Provider"] = "local", ["Llm:Endpoint"] = endpoint, ["Llm:Model"] = model, ["Llm:ApiKey"] = "sk-test",
        ["Llm:RetryBaseDelayMilliseconds"] = "1", ["Llm:MaxRetries"] = "2", ["Llm:MaxConcurrency"] = "1",
        ["Llm:Prices:gpt-4o-mini:Input"] = "0.15", ["Llm:Prices:gpt-4o-mini:Output"] = "0.6",
    };

    [Fact]
    public async Task Estimate_makes_no_call_counts_prompt_tokens_exactly_and_takes_output_tokens_from_stored_calls()
    {
        await SeedAsync(database, 4);
        await using var server = await FakeLlmServer.StartAsync(_ =>
            FakeLlmReply.Text(IncludeReply()) with { CompletionTokens = 120 });
        var settings = Settings(server.OpenAIEndpoint());

        var before = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--estimate", "--json");

        before.AssertExit(0);
        Assert.Equal((0, 0), (server.RequestCount, server.ModelListRequests));
        using (var json = JsonDocument.Parse(before.Out))
        {
            var root = json.RootElement;
            Assert.Equal((4, 4), (root.GetProperty("records").GetInt32(), root.GetProperty("calls").GetInt32()));
            var group = Assert.Single(root.GetProperty("groups").EnumerateArray());
            Assert.True(group.GetProperty("exact").GetBoolean(), group.GetProperty("promptTokensCounted").GetString());
            Assert.StartsWith("no stored calls", group.GetProperty("outputTokensFrom").GetString());
            Assert.True(root.GetProperty("promptTokens").GetInt64() > 4 * 500, before.Out); // the instructions alone are several hundred tokens
            Assert.True(root.GetProperty("cost").GetDecimal() > 0);
        }

        // Two records screened: the estimate now covers the other two, with the mean output of the stored calls.
        (await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--limit", "2")).AssertExit(0);
        var sent = server.Requests.Select(r => r.Body!.ToJsonString()).ToList();
        var after = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--estimate", "--json");

        after.AssertExit(0);
        Assert.Equal(2, server.RequestCount);
        using var later = JsonDocument.Parse(after.Out);
        var rest = later.RootElement;
        Assert.Equal((2, 2), (rest.GetProperty("records").GetInt32(), rest.GetProperty("calls").GetInt32()));
        Assert.Equal(240, rest.GetProperty("outputTokens").GetInt64());
        var stored = Assert.Single(rest.GetProperty("groups").EnumerateArray());
        Assert.Equal("mean of 2 stored calls of screening/v1 with gpt-4o-mini", stored.GetProperty("outputTokensFrom").GetString());
        Assert.Equal(2, sent.Count);
    }

    [Fact]
    public async Task Extract_estimate_makes_no_call_and_counts_the_records_it_would_draft()
    {
        await SeedAsync(database, 3, protocolYaml: ProtocolYaml + """

            extraction_form:
              - name: sample_size
                type: integer
                description: participants randomised
            """);
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text("{}"));

        var result = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "extract", "--review", ReviewName, "--records", "all", "--estimate");

        result.AssertExit(0);
        Assert.Equal((0, 0), (server.RequestCount, server.ModelListRequests));
        Assert.Contains("estimate for extraction of review 'statins' (no LLM call made): 3 record(s), 3 call(s)", result.Out);
        Assert.Contains("exact: Microsoft.ML.Tokenizers", result.Out);
    }

    [Fact]
    public async Task A_model_with_no_known_tokenizer_is_estimated_and_says_so()
    {
        await SeedAsync(database, 1);
        await using var server = await FakeLlmServer.StartAsync();

        var result = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint(), "my-local-llama"), "screen", "--review", ReviewName, "--estimate");

        result.AssertExit(0);
        Assert.Contains("estimate: no tokenizer known for 'my-local-llama'", result.Out);
        Assert.Contains("cost unknown (no Llm:Prices entry for my-local-llama)", result.Out);
    }

    [Fact]
    public async Task A_refused_connection_fails_fast_with_one_line_and_claims_nothing()
    {
        await SeedAsync(database, 2);

        var result = await CliHarness.RunAsync(database, Settings("http://127.0.0.1:1/v1"), "screen", "--review", ReviewName);

        result.AssertExit(2);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains("the LLM endpoint http://127.0.0.1:1/v1", line);
        Assert.Contains("cannot connect", line);
        await AssertNothingClaimedAsync();
    }

    [Fact]
    public async Task A_refused_api_key_fails_fast_naming_the_setting()
    {
        await SeedAsync(database, 2);
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Error(401, "Incorrect API key provided"));
        server.ModelsReply = FakeLlmReply.Error(401, "Incorrect API key provided");

        var result = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName);

        result.AssertExit(2);
        Assert.Contains("HTTP 401", result.Error);
        Assert.Contains("SCREENER__Llm__ApiKey", result.Error);
        Assert.Equal(0, server.RequestCount);
        await AssertNothingClaimedAsync();
    }

    [Fact]
    public async Task A_model_the_server_does_not_serve_fails_fast_naming_the_model()
    {
        await SeedAsync(database, 2);
        await using var server = await FakeLlmServer.StartAsync(r => r.Model == "gpt-4o-mini"
            ? FakeLlmReply.Error(404, "The model `gpt-4o-mini` does not exist", "invalid_request_error")
            : FakeLlmReply.Text(IncludeReply()));
        server.ServedModels = ["llama-3-8b"];

        var result = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName);

        result.AssertExit(2);
        Assert.Contains("model 'gpt-4o-mini'", result.Error);
        Assert.Contains("HTTP 404", result.Error);
        Assert.Contains("does not exist", result.Error);
        Assert.Equal(1, server.RequestCount); // the one-token check, nothing else
        await AssertNothingClaimedAsync();
    }

    [Fact]
    public async Task A_wrong_path_that_answers_404_everywhere_fails_fast()
    {
        await SeedAsync(database, 2);
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Error(404, "Not Found"));
        server.ModelsReply = FakeLlmReply.Error(404, "Not Found");

        var result = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint("api")), "screen", "--review", ReviewName);

        result.AssertExit(2);
        Assert.Contains("HTTP 404", result.Error);
        Assert.Contains("check Llm:Endpoint", result.Error);
        await AssertNothingClaimedAsync();
    }

    [Fact]
    public async Task A_server_that_lists_the_model_is_not_sent_a_check_call()
    {
        await SeedAsync(database, 2);
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));
        server.ServedModels = ["gpt-4o-mini", "other"];

        var result = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName);

        result.AssertExit(0);
        Assert.Equal((1, 2), (server.ModelListRequests, server.RequestCount));
    }

    [Fact]
    public async Task Screening_before_dedup_needs_yes_without_a_terminal_and_says_how_many_calls()
    {
        await SeedAsync(database, 2);
        await using (var db = database.CreateDbContext())
            await db.Reviews.ExecuteUpdateAsync(u => u.SetProperty(r => r.DeduplicatedAt, (DateTimeOffset?)null));
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));

        var refused = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName);

        refused.AssertExit(2);
        var line = Assert.Single(refused.Error.Trim().Split('\n'));
        Assert.Contains("this makes 2 LLM call(s) for 2 record(s)", line);
        Assert.Contains("dedup has never run", line);
        Assert.EndsWith("add --yes to screen anyway", line);
        Assert.Equal((0, 0), (server.RequestCount, server.ModelListRequests));
        await AssertNothingClaimedAsync();

        (await CliHarness.RunAsync(database, "dedup", "--review", ReviewName)).AssertExit(0);
        (await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName)).AssertExit(0);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task A_protocol_edit_that_rescreens_every_record_needs_yes()
    {
        await SeedAsync(database, 2);
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));
        (await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName)).AssertExit(0);
        var edited = Path.Combine(Path.GetTempPath(), $"edited-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(edited, ProtocolYaml.Replace("Adults aged 65 or over.", "Adults aged 70 or over.", StringComparison.Ordinal));
        try
        {
            (await CliHarness.RunAsync(database, "init", "--protocol", edited, "--name", ReviewName)).AssertExit(0);
        }
        finally
        {
            File.Delete(edited);
        }

        var refused = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName);

        refused.AssertExit(2);
        Assert.Contains("this makes 2 LLM call(s) for 2 record(s), and the protocol changed since screening run", refused.Error);
        Assert.Contains("add --yes", refused.Error);
        Assert.Equal(2, server.RequestCount);
        var confirmed = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName, "--yes");
        confirmed.AssertExit(0);
        Assert.Equal(4, server.RequestCount);
    }

    [Fact]
    public async Task Progress_is_shown_without_a_terminal_only_when_forced()
    {
        await SeedAsync(database, 2);
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(IncludeReply()));

        var quiet = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName, "--limit", "1");
        var forced = await CliHarness.RunAsync(database, Settings(server.OpenAIEndpoint()), "screen", "--review", ReviewName, "--progress");

        quiet.AssertExit(0);
        Assert.DoesNotContain("progress:", quiet.Error + quiet.Out);
        forced.AssertExit(0);
        Assert.Matches(@"progress: 2/2 done, [0-9.]+ items/min, tokens [0-9]+, cost \$[0-9.]+", forced.Error);
    }

    private async Task AssertNothingClaimedAsync()
    {
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.WorkItems.CountAsync(w => w.Attempts > 0));
        Assert.Equal(0, await db.Suggestions.CountAsync());
    }
}
