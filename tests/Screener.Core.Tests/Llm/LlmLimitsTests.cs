using Microsoft.Extensions.Time.Testing;
using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class LlmLimitsTests
{
    [Fact]
    public async Task A_call_waits_for_a_free_slot_and_gets_it_when_one_is_released()
    {
        using var limits = new LlmLimits(maxConcurrency: 2, 0, 0, new FakeTimeProvider());
        var first = await limits.AcquireAsync(10, CancellationToken.None);
        using var second = await limits.AcquireAsync(10, CancellationToken.None);

        var third = limits.AcquireAsync(10, CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        first.Dispose();

        using var granted = await third.WaitAsync(TimeSpan.FromSeconds(10)); // fails rather than hangs if the slot never frees
    }

    [Fact]
    public async Task Requests_per_minute_hold_the_next_call_until_the_minute_has_passed()
    {
        var time = new FakeTimeProvider();
        using var limits = new LlmLimits(maxConcurrency: 10, requestsPerMinute: 2, 0, time);
        (await limits.AcquireAsync(1, CancellationToken.None)).Dispose();
        (await limits.AcquireAsync(1, CancellationToken.None)).Dispose();

        var third = limits.AcquireAsync(1, CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(60));

        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Tokens_per_minute_are_corrected_by_the_reported_usage()
    {
        var time = new FakeTimeProvider();
        using var limits = new LlmLimits(maxConcurrency: 10, 0, tokensPerMinute: 1000, time);
        using (var lease = await limits.AcquireAsync(900, CancellationToken.None))
            lease.CorrectTokens(300); // the server said the call used 300, not the 900 estimated

        var next = limits.AcquireAsync(700, CancellationToken.None);

        Assert.True(next.IsCompleted);
        (await next).Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_concurrency_slot_back()
    {
        var time = new FakeTimeProvider();
        using var limits = new LlmLimits(maxConcurrency: 1, requestsPerMinute: 1, 0, time);
        (await limits.AcquireAsync(1, CancellationToken.None)).Dispose();
        using var cancel = new CancellationTokenSource();

        var waiting = limits.AcquireAsync(1, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        time.Advance(TimeSpan.FromSeconds(60));

        var again = limits.AcquireAsync(1, CancellationToken.None);
        Assert.True(again.IsCompleted);
        (await again).Dispose();
    }
}
