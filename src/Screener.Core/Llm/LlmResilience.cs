using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Telemetry;
using Polly.Timeout;

namespace Screener.Core.Llm;

/// <summary>
/// The one resilience pipeline of the LLM HttpClient, outermost first: total timeout, retries (jittered exponential
/// backoff, or the wait the server asked for), circuit breaker, per-attempt timeout.
/// </summary>
internal static class LlmResilience
{
    public const string PipelineName = "screener-llm";

    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> builder, LlmOptions options, TimeProvider time, ILogger logger, TelemetryOptions telemetry)
    {
        builder.ConfigureTelemetry(QuietRetries(telemetry));
        builder.AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds));
        if (options.MaxRetries > 0)
            builder.AddRetry(RetryOptions(options, time, logger));
        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(options.CircuitBreakerSamplingSeconds),
            BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakerBreakSeconds),
            // A 429 says the server is healthy but busy: it is waited out, it does not break the circuit.
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) && args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests),
            OnOpened = args =>
            {
                logger.LogWarning("LLM circuit opened for {BreakSeconds} s after repeated failures", args.BreakDuration.TotalSeconds);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
    }

    private static HttpRetryStrategyOptions RetryOptions(LlmOptions options, TimeProvider time, ILogger logger)
    {
        var maxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        return new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
            MaxDelay = maxDelay,
            ShouldRetryAfterHeader = false, // the delay generator reads Retry-After and the x-ratelimit headers together
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) || args.Outcome.Exception is BrokenCircuitException),
            DelayGenerator = args => ValueTask.FromResult(ServerRequestedDelay(args.Outcome, time.GetUtcNow(), maxDelay)),
            OnRetry = args =>
            {
                logger.LogWarning(
                    "LLM call attempt {Attempt} failed ({Outcome}); retrying in {DelayMs} ms",
                    args.AttemptNumber + 1, Describe(args.Outcome), (long)args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        };
    }

    /// <summary>
    /// Polly's telemetry logs a handled attempt ("Execution attempt") and the retry ("Resilience event occurred") as
    /// warnings, beside our own line that says the same with the wait: those two go to Debug, so a host logging at
    /// Warning shows one line per retry (issue 21 item 11). The metrics stay as they are.
    /// </summary>
    private static TelemetryOptions QuietRetries(TelemetryOptions telemetry)
    {
        var severity = telemetry.SeverityProvider;
        return new TelemetryOptions(telemetry)
        {
            SeverityProvider = args => args.Event.EventName is "ExecutionAttempt" or "OnRetry"
                ? ResilienceEventSeverity.Debug
                : severity?.Invoke(args) ?? args.Event.Severity,
        };
    }

    /// <summary>Worth another attempt: timeouts, rate limits, server errors and broken connections; never 400/401/403/404.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException or IOException or SocketException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status != HttpStatusCode.NotImplemented);

    /// <summary>
    /// Added to an open circuit's remaining break. Waiting exactly the remainder can wake a hair early (timer versus
    /// clock granularity): the circuit is still open, the next remainder is under a millisecond, the delay rounds to
    /// zero, and the call burns every remaining retry in microseconds against a server that has recovered.
    /// </summary>
    internal static readonly TimeSpan BreakMargin = TimeSpan.FromMilliseconds(50);

    /// <summary>The server's Retry-After / x-ratelimit-reset wait (capped), or an open circuit's remaining break plus a margin; null means backoff.</summary>
    public static TimeSpan? ServerRequestedDelay(Outcome<HttpResponseMessage> outcome, DateTimeOffset now, TimeSpan maxDelay)
    {
        var requested = outcome.Exception is BrokenCircuitException broken
            ? broken.RetryAfter + BreakMargin
            : outcome.Result is { } response ? RetryAfterDelay.From(response.Headers, now) : null;
        return requested is { } delay ? (delay > maxDelay ? maxDelay : delay) : null;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } e ? e.GetType().Name + ": " + e.Message : $"HTTP {(int)outcome.Result!.StatusCode}";
}
