using Polly;
using Polly.CircuitBreaker;
using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class CircuitRetryDelayTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_retry_against_an_open_circuit_waits_past_the_end_of_the_break_even_when_under_a_millisecond_is_left()
    {
        var open = Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException("open", TimeSpan.FromTicks(3_000)));

        var delay = LlmResilience.ServerRequestedDelay(open, Now, TimeSpan.FromMinutes(2));

        Assert.Equal(TimeSpan.FromTicks(3_000) + LlmResilience.BreakMargin, delay);
        Assert.True(delay >= TimeSpan.FromMilliseconds(10), $"{delay}"); // never rounds down to an immediate retry
    }

    [Fact]
    public void The_wait_for_an_open_circuit_is_capped_like_any_other()
    {
        var open = Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException("open", TimeSpan.FromSeconds(30)));

        Assert.Equal(TimeSpan.FromSeconds(5), LlmResilience.ServerRequestedDelay(open, Now, TimeSpan.FromSeconds(5)));
    }
}
