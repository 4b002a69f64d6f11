using System.Threading.RateLimiting;

namespace Screener.Core.Llm;

/// <summary>
/// Client-side limits shared by every call of the process: concurrent calls, requests per minute and tokens per minute.
/// A call holds its slot through its retries, so a burst of 429s cannot multiply the load on the server.
/// </summary>
public sealed class LlmLimits : IDisposable
{
    private readonly ConcurrencyLimiter _concurrency;
    private readonly MinuteBudget? _requests;
    private readonly MinuteBudget? _tokens;

    public LlmLimits(int maxConcurrency, int requestsPerMinute, int tokensPerMinute, TimeProvider time)
    {
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrency,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _requests = requestsPerMinute > 0 ? new MinuteBudget(requestsPerMinute, time) : null;
        _tokens = tokensPerMinute > 0 ? new MinuteBudget(tokensPerMinute, time) : null;
    }

    public bool CountsTokens => _tokens is not null;

    public async ValueTask<Lease> AcquireAsync(int estimatedTokens, CancellationToken ct)
    {
        var slot = await _concurrency.AcquireAsync(1, ct);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            throw new InvalidOperationException("the LLM concurrency limiter refused a call (queue full)");
        }
        try
        {
            if (_requests is not null) await _requests.ReserveAsync(1, ct);
            var tokens = _tokens is null ? null : await _tokens.ReserveAsync(estimatedTokens, ct);
            return new Lease(slot, _tokens, tokens);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    public void Dispose() => _concurrency.Dispose();

    public sealed class Lease(RateLimitLease slot, MinuteBudget? tokens, MinuteBudget.Reservation? reservation) : IDisposable
    {
        public void CorrectTokens(long actual)
        {
            if (tokens is not null && reservation is not null && actual > 0) tokens.Correct(reservation, actual);
        }

        public void Dispose() => slot.Dispose();
    }
}
