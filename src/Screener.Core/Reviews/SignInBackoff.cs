using System.Collections.Concurrent;

namespace Screener.Core.Reviews;

/// <summary>
/// Per-account sign-in backoff, on top of the web host's per-address limit. Two counters of recent failures:
/// <list type="bullet">
/// <item>per account and source (an address, or a device that signed in to this account before): after
/// <see cref="FreeFailuresPerSource"/> failures each further attempt waits 1, 2, 4 … seconds, up to
/// <see cref="MaxSourceDelay"/>. Guessing from one place slows to a crawl.</item>
/// <item>per account over all sources without a known device: after <see cref="FreeFailuresPerAccount"/>
/// failures, 1, 2, 4 … seconds up to only <see cref="MaxAccountDelay"/>. Rotating addresses gains nothing.</item>
/// </list>
/// Nothing is a lock-out: there is no failure count after which an account refuses its right password. A device
/// that signed in before (a signed cookie naming the account) skips the account-wide counter, so someone guessing
/// from elsewhere cannot keep the real user out; a new device waits at most <see cref="MaxAccountDelay"/>.
/// An attempt refused for waiting is not a failure, so hammering does not lengthen the wait. Failures are
/// forgotten after <see cref="ForgetAfter"/> of quiet. State is per process (one web host), bounded in size.
/// </summary>
public sealed class SignInBackoff(TimeProvider time)
{
    public const int FreeFailuresPerSource = 5;
    public const int FreeFailuresPerAccount = 20;
    public static readonly TimeSpan MaxSourceDelay = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxAccountDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    /// <summary>Enough for every account and many sources; beyond it the oldest quiet entries go first.</summary>
    private const int MaxEntries = 100_000;

    private sealed record Failures(int Count, DateTimeOffset Last);

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long this attempt must wait (zero: go ahead).</summary>
    public TimeSpan RetryAfter(string account, string source, bool knownDevice)
    {
        var now = time.GetUtcNow();
        var wait = Remaining(PairKey(account, source), FreeFailuresPerSource, MaxSourceDelay, now);
        if (!knownDevice) wait = Max(wait, Remaining(AccountKey(account), FreeFailuresPerAccount, MaxAccountDelay, now));
        return wait;
    }

    public void RecordFailure(string account, string source, bool knownDevice)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxEntries) Prune(now);
        Bump(PairKey(account, source), now);
        if (!knownDevice) Bump(AccountKey(account), now);
    }

    /// <summary>The right password clears its own source's failures; the account-wide count stays (it is someone else's).</summary>
    public void RecordSuccess(string account, string source) => _failures.TryRemove(PairKey(account, source), out _);

    /// <summary>The wait after <paramref name="failures"/> recent failures: none for the first few, then doubling to a cap.</summary>
    public static TimeSpan Delay(int failures, int freeFailures, TimeSpan max)
    {
        if (failures < freeFailures) return TimeSpan.Zero;
        var exponent = Math.Min(failures - freeFailures, 30);
        return TimeSpan.FromSeconds(Math.Min(Math.Pow(2, exponent), max.TotalSeconds));
    }

    private TimeSpan Remaining(string key, int free, TimeSpan max, DateTimeOffset now)
    {
        if (!_failures.TryGetValue(key, out var f) || now - f.Last >= ForgetAfter) return TimeSpan.Zero;
        var until = f.Last + Delay(f.Count, free, max);
        return until > now ? until - now : TimeSpan.Zero;
    }

    private void Bump(string key, DateTimeOffset now) =>
        _failures.AddOrUpdate(key, _ => new Failures(1, now),
            (_, f) => now - f.Last >= ForgetAfter ? new Failures(1, now) : new Failures(f.Count + 1, now));

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, f) in _failures)
            if (now - f.Last >= ForgetAfter) _failures.TryRemove(key, out _);
        if (_failures.Count < MaxEntries) return;
        foreach (var key in _failures.OrderBy(e => e.Value.Last).Take(_failures.Count / 10).Select(e => e.Key).ToList())
            _failures.TryRemove(key, out _);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string PairKey(string account, string source) => $"{account}\n{source}";

    private static string AccountKey(string account) => account;
}
