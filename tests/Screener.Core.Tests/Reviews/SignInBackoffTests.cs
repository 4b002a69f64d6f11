using Microsoft.Extensions.Time.Testing;
using Screener.Core.Reviews;

namespace Screener.Core.Tests.Reviews;

public sealed class SignInBackoffTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    private void Fail(SignInBackoff backoff, int times, string account, Func<int, string> source, bool knownDevice = false)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(TimeSpan.Zero, backoff.RetryAfter(account, source(i), knownDevice));
            backoff.RecordFailure(account, source(i), knownDevice);
        }
    }

    [Fact]
    public void One_source_waits_after_its_free_failures_and_the_wait_doubles()
    {
        var backoff = new SignInBackoff(_time);
        Fail(backoff, SignInBackoff.FreeFailuresPerSource, "alice", _ => "ip:10.0.0.1");

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.RetryAfter("alice", "ip:10.0.0.1", false));
        _time.Advance(TimeSpan.FromSeconds(1));
        backoff.RecordFailure("alice", "ip:10.0.0.1", false);
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.RetryAfter("alice", "ip:10.0.0.1", false));
        Assert.Equal(TimeSpan.Zero, backoff.RetryAfter("bob", "ip:10.0.0.1", false));
    }

    [Fact]
    public void Rotating_sources_meet_the_account_wait_but_a_known_device_does_not()
    {
        var backoff = new SignInBackoff(_time);
        Fail(backoff, SignInBackoff.FreeFailuresPerAccount, "alice", i => $"ip:10.0.{i}.1");

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.RetryAfter("alice", "ip:10.9.9.9", false));
        Assert.Equal(TimeSpan.Zero, backoff.RetryAfter("alice", "device:abc", knownDevice: true));
    }

    [Fact]
    public void The_account_wait_is_capped_so_it_is_never_a_lock_out()
    {
        var backoff = new SignInBackoff(_time);
        for (var i = 0; i < 200; i++)
        {
            backoff.RecordFailure("alice", $"ip:{i}", false);
            _time.Advance(TimeSpan.FromMinutes(2));
            Assert.True(backoff.RetryAfter("alice", "ip:new", false) <= SignInBackoff.MaxAccountDelay);
        }
        Assert.Equal(SignInBackoff.MaxAccountDelay, SignInBackoff.Delay(1_000, SignInBackoff.FreeFailuresPerAccount, SignInBackoff.MaxAccountDelay));
    }

    [Fact]
    public void Failures_are_forgotten_after_a_quiet_hour_and_success_clears_its_own_source()
    {
        var backoff = new SignInBackoff(_time);
        Fail(backoff, SignInBackoff.FreeFailuresPerSource, "alice", _ => "ip:10.0.0.1");
        backoff.RecordSuccess("alice", "ip:10.0.0.1");
        Assert.Equal(TimeSpan.Zero, backoff.RetryAfter("alice", "ip:10.0.0.1", false));

        Fail(backoff, SignInBackoff.FreeFailuresPerSource, "alice", _ => "ip:10.0.0.2");
        _time.Advance(SignInBackoff.ForgetAfter);
        Assert.Equal(TimeSpan.Zero, backoff.RetryAfter("alice", "ip:10.0.0.2", false));
    }
}
