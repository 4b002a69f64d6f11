using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Screener.Core.Llm;
using Screener.FakeLlm;

namespace Screener.IntegrationTests.Llm;

public sealed class LlmResilienceTests
{
    private static readonly FakeLlmReply Ok = FakeLlmReply.Text("""{"decision":"include"}""");

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_no_sooner_than_the_server_asked()
    {
        // Backoff alone would retry after ~10 ms; the 1 s gap can only come from honouring Retry-After.
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(FakeLlmReply.RateLimited("1"), Ok));

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        Assert.Equal(2, result.HttpAttempts);
        var requests = host.Server.Requests;
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.95),
            $"retried after {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_retried_call_logs_one_line_at_warning_not_one_per_library()
    {
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(FakeLlmReply.RateLimited("0"), Ok));

        var result = await host.DecideAsync();

        Assert.Equal(2, result.HttpAttempts);
        // Polly's telemetry used to add "Execution attempt" and "Resilience event occurred" warnings beside ours.
        var warnings = host.Logs.Messages.Where(m => m.StartsWith("Warning", StringComparison.Ordinal)
            || m.StartsWith("Error", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(warnings);
        Assert.Contains("HTTP 429", line, StringComparison.Ordinal);
        Assert.Contains("retrying in", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_x_ratelimit_reset_header_is_honoured_like_Retry_After()
    {
        var limited = FakeLlmReply.Error(429, "Rate limit reached for requests", "requests") with
        {
            Headers = new Dictionary<string, string> { ["x-ratelimit-reset-requests"] = "800ms" },
        };
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(limited, Ok));

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        var requests = host.Server.Requests;
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(750));
    }

    [Fact]
    public async Task A_burst_of_server_errors_is_retried_until_the_call_succeeds()
    {
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(
            FakeLlmReply.Error(500, "boom"), FakeLlmReply.Error(502, "bad gateway"), FakeLlmReply.Error(503, "overloaded"), Ok));

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        Assert.Equal(4, result.HttpAttempts);
        Assert.Equal(1, result.ModelCalls);
        Assert.Equal(4, host.Server.RequestCount);
        Assert.Equal(4, host.Usage.Totals.HttpAttempts);
    }

    [Fact]
    public async Task Retries_run_out_into_a_failed_result_that_names_the_cause()
    {
        await using var host = await LlmTestHost.StartAsync(_ => FakeLlmReply.Error(503, "overloaded"), _ => new() { ["Llm:MaxRetries"] = "2" });

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Failed, result.Status);
        Assert.Equal(3, result.HttpAttempts);
        Assert.Contains("503", result.FailureCause);
        Assert.Empty(result.RawReplies);
        Assert.Equal(1, host.Usage.Totals.Failures);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task Client_errors_are_not_retried(int status)
    {
        await using var host = await LlmTestHost.StartAsync(_ => FakeLlmReply.Error(status, "no", "invalid_request_error"));

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Failed, result.Status);
        Assert.Equal(1, host.Server.RequestCount);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.FailureCause);
    }

    [Fact]
    public async Task A_slow_attempt_is_cut_by_the_per_attempt_timeout_and_retried()
    {
        await using var host = await LlmTestHost.StartAsync(
            FakeLlmServer.Script(Ok with { Delay = TimeSpan.FromSeconds(20) }, Ok),
            _ => new() { ["Llm:AttemptTimeoutSeconds"] = "1" });

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        Assert.Equal(2, result.HttpAttempts);
        Assert.Equal(2, host.Server.RequestCount);
    }

    [Fact]
    public async Task The_total_timeout_ends_the_retries_of_a_call_that_keeps_hanging()
    {
        await using var host = await LlmTestHost.StartAsync(_ => Ok with { Delay = TimeSpan.FromSeconds(30) }, _ => new()
        {
            ["Llm:AttemptTimeoutSeconds"] = "1",
            ["Llm:TotalTimeoutSeconds"] = "3",
            ["Llm:MaxRetries"] = "6",
        });

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Failed, result.Status);
        Assert.Contains("Timeout", result.FailureCause);
        Assert.InRange(result.HttpAttempts, 2, 4); // 1 s attempts inside 3 s, fewer than the 7 that MaxRetries allows
    }

    [Fact]
    public async Task Cancelling_the_caller_propagates_instead_of_being_recorded_as_a_failure()
    {
        using var cancel = new CancellationTokenSource();
        await using var host = await LlmTestHost.StartAsync(_ =>
        {
            cancel.Cancel(); // the request has reached the server: the caller gives up now
            return Ok with { Delay = TimeSpan.FromSeconds(30) };
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StructuredLlmCall.RunAsync(
            host.Chat, [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "JSON")],
            LlmTestHost.DecisionOptions(), LlmTestHost.ParseDecision, host.Usage, cancel.Token));

        Assert.Equal(0, host.Usage.Totals.Calls);
        Assert.Equal(1, host.Server.RequestCount);
    }

    [Fact]
    public async Task A_dropped_connection_and_a_truncated_body_are_retried()
    {
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(
            FakeLlmReply.Dropped(), Ok with { TruncateBodyAt = 40 }, Ok));

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        Assert.Equal(3, result.HttpAttempts);
    }

    [Fact]
    public async Task A_body_that_is_never_json_fails_with_the_cause_and_no_guess()
    {
        await using var host = await LlmTestHost.StartAsync(
            _ => Ok with { RawBody = "<html><body>502 Bad Gateway</body></html>" }, _ => new() { ["Llm:MaxRetries"] = "1" });

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Failed, result.Status);
        Assert.Null(result.Value);
        Assert.Equal(2, result.HttpAttempts);
        Assert.Contains("not complete JSON", result.FailureCause);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_fails_fast_and_closes_after_the_break()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var healthy = false;
        await using var host = await LlmTestHost.StartAsync(_ => healthy ? Ok : FakeLlmReply.Error(500, "down"), _ => new()
        {
            ["Llm:MaxRetries"] = "0",
            ["Llm:CircuitBreakerMinimumThroughput"] = "2",
            ["Llm:CircuitBreakerFailureRatio"] = "0.5",
            ["Llm:CircuitBreakerBreakSeconds"] = "30",
        }, time: time);

        var failures = new[] { await host.DecideAsync(), await host.DecideAsync() };
        var whileOpen = await host.DecideAsync();
        healthy = true;
        var stillOpen = await host.DecideAsync();
        time.Advance(TimeSpan.FromSeconds(31));
        var afterBreak = await host.DecideAsync();
        var closed = await host.DecideAsync();

        Assert.All(failures, f => Assert.Contains("500", f.FailureCause));
        Assert.Equal(LlmCallStatus.Failed, whileOpen.Status);
        Assert.Contains("BrokenCircuit", whileOpen.FailureCause);
        Assert.Equal(LlmCallStatus.Failed, stillOpen.Status);
        Assert.Equal(LlmCallStatus.Parsed, afterBreak.Status);
        Assert.Equal(LlmCallStatus.Parsed, closed.Status);
        Assert.Equal(4, host.Server.RequestCount); // two failures, then nothing reached the server until the break ended
    }

    [Fact]
    public async Task An_open_chat_circuit_leaves_embeddings_on_their_own_pipeline()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await LlmTestHost.StartAsync(
            r => r.Kind == FakeLlmKind.Embeddings ? new FakeLlmReply() : FakeLlmReply.Error(500, "chat is down"), _ => new()
            {
                ["Llm:MaxRetries"] = "0", ["Llm:CircuitBreakerMinimumThroughput"] = "2", ["Llm:EmbeddingModel"] = "embed",
            }, time: time);
        var embeddings = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        await host.DecideAsync();
        await host.DecideAsync();
        var chatWhileOpen = await host.DecideAsync();
        var vectors = await embeddings.GenerateAsync(["still embeds"]);

        Assert.Contains("BrokenCircuit", chatWhileOpen.FailureCause);
        Assert.Single(vectors);
        Assert.Equal(3, host.Server.RequestCount);
    }
}
