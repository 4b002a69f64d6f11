using Microsoft.Extensions.Time.Testing;
using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class MinuteBudgetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_amount_that_fits_waits_nothing() =>
        Assert.Equal(TimeSpan.Zero, MinuteBudget.WaitBefore([(T0, 40)], 60, 100, T0.AddSeconds(1)));

    [Fact]
    public void An_amount_that_does_not_fit_waits_until_enough_old_bookings_leave_the_window()
    {
        (DateTimeOffset, long)[] booked = [(T0, 50), (T0.AddSeconds(10), 30), (T0.AddSeconds(20), 20)];

        // 100 used; 60 more needs the first two bookings (80) gone: the second leaves at T0 + 70 s.
        Assert.Equal(TimeSpan.FromSeconds(40), MinuteBudget.WaitBefore(booked, 60, 100, T0.AddSeconds(30)));
        // 10 more needs only the first gone, at T0 + 60 s.
        Assert.Equal(TimeSpan.FromSeconds(30), MinuteBudget.WaitBefore(booked, 10, 100, T0.AddSeconds(30)));
    }

    [Fact]
    public void Bookings_older_than_a_minute_no_longer_count() =>
        Assert.Equal(TimeSpan.Zero, MinuteBudget.WaitBefore([(T0, 100)], 100, 100, T0.AddSeconds(60)));

    [Fact]
    public void One_request_larger_than_the_whole_budget_goes_alone_into_an_empty_window()
    {
        Assert.Equal(TimeSpan.Zero, MinuteBudget.WaitBefore([], 500, 100, T0));
        Assert.Equal(TimeSpan.FromSeconds(59), MinuteBudget.WaitBefore([(T0, 1)], 500, 100, T0.AddSeconds(1)));
    }

    [Fact]
    public async Task A_reservation_waits_for_the_window_to_slide()
    {
        var time = new FakeTimeProvider(T0);
        var budget = new MinuteBudget(100, time);
        await budget.ReserveAsync(70, CancellationToken.None);

        var waiting = budget.ReserveAsync(50, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting;

        Assert.Equal(50, budget.InWindow);
    }

    [Fact]
    public async Task Correcting_an_estimate_down_frees_budget_at_once()
    {
        var time = new FakeTimeProvider(T0);
        var budget = new MinuteBudget(100, time);
        var estimate = await budget.ReserveAsync(90, CancellationToken.None);

        budget.Correct(estimate, 30);
        var next = budget.ReserveAsync(60, CancellationToken.None);

        Assert.True(next.IsCompleted);
        Assert.Equal(90, budget.InWindow);
    }
}
