using System.Globalization;
using System.Net.Http.Headers;

namespace Screener.Core.Llm;

/// <summary>How long the server asked us to wait before the next attempt, from the headers providers actually send.</summary>
public static class RetryAfterDelay
{
    // OpenAI sends these on 429s alongside (or instead of) Retry-After; Azure sends retry-after-ms.
    private static readonly string[] ResetHeaders = ["x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"];

    /// <summary>The longest wait any of the headers asks for, or null when none says anything usable.</summary>
    public static TimeSpan? From(HttpResponseHeaders headers, DateTimeOffset now)
    {
        TimeSpan? longest = null;
        void Take(TimeSpan? candidate)
        {
            if (candidate is { } c && c >= TimeSpan.Zero && (longest is null || c > longest)) longest = c;
        }

        if (headers.TryGetValues("retry-after-ms", out var ms))
            Take(ParseMilliseconds(ms.FirstOrDefault()));
        if (headers.RetryAfter is { } retryAfter)
            Take(retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null));
        else if (headers.TryGetValues("Retry-After", out var raw))
            Take(ParseRetryAfter(raw.FirstOrDefault(), now));
        foreach (var name in ResetHeaders)
            if (headers.TryGetValues(name, out var values))
                Take(ParseDuration(values.FirstOrDefault()));
        return longest;
    }

    /// <summary>Retry-After is either delay-seconds ("2", some servers send "1.5") or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        return DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }

    public static TimeSpan? ParseMilliseconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;

    /// <summary>OpenAI's reset format: "1s", "6m0s", "1h2m3.5s", "250ms"; a bare number is seconds.</summary>
    public static TimeSpan? ParseDuration(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
            return bare >= 0 ? TimeSpan.FromSeconds(bare) : null;
        var total = TimeSpan.Zero;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
            if (start == i || !double.TryParse(text[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                return null;
            var unitStart = i;
            while (i < text.Length && char.IsLetter(text[i])) i++;
            TimeSpan? part = text[unitStart..i] switch
            {
                "ms" => TimeSpan.FromMilliseconds(number),
                "s" => TimeSpan.FromSeconds(number),
                "m" => TimeSpan.FromMinutes(number),
                "h" => TimeSpan.FromHours(number),
                _ => null,
            };
            if (part is null) return null;
            total += part.Value;
        }
        return total;
    }
}
