namespace Screener.Core.Llm;

/// <summary>
/// A sliding one-minute budget (requests or tokens per minute). Unlike a token bucket, a reservation made on an
/// estimate can be corrected once the server reports the real usage.
/// </summary>
public sealed class MinuteBudget(long limitPerMinute, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly LinkedList<Reservation> _entries = new();
    private readonly Lock _lock = new();
    private long _inWindow;

    public sealed class Reservation(DateTimeOffset at, long amount)
    {
        public DateTimeOffset At { get; } = at;
        public long Amount { get; internal set; } = amount;
    }

    public long Limit => limitPerMinute;

    /// <summary>Waits until the amount fits in the last minute's budget, then books it.</summary>
    public async ValueTask<Reservation> ReserveAsync(long amount, CancellationToken ct)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                Expire(now);
                wait = WaitBefore([.. _entries.Select(e => (e.At, e.Amount))], amount, limitPerMinute, now);
                if (wait <= TimeSpan.Zero)
                {
                    var reservation = new Reservation(now, amount);
                    _entries.AddLast(reservation);
                    _inWindow += amount;
                    return reservation;
                }
            }
            await Task.Delay(wait, time, ct);
        }
    }

    /// <summary>Replaces the estimate by what was really used; a reservation already out of the window is left alone.</summary>
    public void Correct(Reservation reservation, long actual)
    {
        lock (_lock)
        {
            if (!_entries.Contains(reservation)) return;
            _inWindow += actual - reservation.Amount;
            reservation.Amount = actual;
        }
    }

    public long InWindow
    {
        get { lock (_lock) { Expire(time.GetUtcNow()); return _inWindow; } }
    }

    /// <summary>
    /// How long until <paramref name="amount"/> fits: zero when it fits now; otherwise until enough of the oldest
    /// bookings (oldest first) leave the window. One request larger than the whole budget goes alone into an empty window.
    /// </summary>
    public static TimeSpan WaitBefore(IReadOnlyList<(DateTimeOffset At, long Amount)> oldestFirst, long amount, long limit, DateTimeOffset now)
    {
        var used = oldestFirst.Where(e => now - e.At < Window).Sum(e => e.Amount);
        bool Fits(long inWindow) => inWindow + amount <= limit || inWindow <= 0;
        if (Fits(used)) return TimeSpan.Zero;
        foreach (var (at, booked) in oldestFirst)
        {
            if (now - at >= Window) continue;
            used -= booked;
            if (Fits(used)) return at + Window - now;
        }
        return Window;
    }

    private void Expire(DateTimeOffset now)
    {
        while (_entries.First is { } first && now - first.Value.At >= Window)
        {
            _inWindow -= first.Value.Amount;
            _entries.RemoveFirst();
        }
    }
}
