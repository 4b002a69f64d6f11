using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class RetryAfterDelayTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2", 2000)]
    [InlineData("0", 0)]
    [InlineData("1.5", 1500)]
    [InlineData("Mon, 23 Nov 2026 18:00:30 GMT", 30_000)]
    [InlineData("Mon, 23 Nov 2026 17:59:00 GMT", 0)] // a date in the past means now
    public void Retry_After_is_read_as_seconds_or_an_http_date(string value, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfterDelay.ParseRetryAfter(value, Now));

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-3")]
    public void An_unusable_Retry_After_gives_no_delay(string value) =>
        Assert.Null(RetryAfterDelay.ParseRetryAfter(value, Now));

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("6m0s", 360_000)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("250ms", 250)]
    [InlineData("17.4", 17_400)]
    public void OpenAI_reset_durations_are_parsed(string value, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfterDelay.ParseDuration(value));

    [Theory]
    [InlineData("5x")]
    [InlineData("m")]
    public void A_malformed_duration_gives_no_delay(string value) => Assert.Null(RetryAfterDelay.ParseDuration(value));

    [Fact]
    public void The_longest_of_the_rate_limit_headers_wins()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", "2");
        response.Headers.TryAddWithoutValidation("x-ratelimit-reset-requests", "1s");
        response.Headers.TryAddWithoutValidation("x-ratelimit-reset-tokens", "6.5s");

        Assert.Equal(TimeSpan.FromSeconds(6.5), RetryAfterDelay.From(response.Headers, Now));
    }

    [Fact]
    public void Azure_retry_after_ms_and_an_http_date_are_both_read()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("retry-after-ms", "750");
        Assert.Equal(TimeSpan.FromMilliseconds(750), RetryAfterDelay.From(response.Headers, Now));

        using var dated = new HttpResponseMessage();
        dated.Headers.TryAddWithoutValidation("Retry-After", "Mon, 23 Nov 2026 18:00:10 GMT");
        Assert.Equal(TimeSpan.FromSeconds(10), RetryAfterDelay.From(dated.Headers, Now));
    }

    [Fact]
    public void No_headers_means_backoff_decides()
    {
        using var response = new HttpResponseMessage();
        Assert.Null(RetryAfterDelay.From(response.Headers, Now));
    }
}
