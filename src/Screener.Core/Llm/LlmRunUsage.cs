namespace Screener.Core.Llm;

/// <summary>Totals of one run's LLM calls.</summary>
public sealed record LlmUsageTotals(
    long Calls, long Parsed, long Repaired, long Unparseable, long Failures,
    long PromptTokens, long CompletionTokens, decimal Cost, long HttpAttempts)
{
    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>The part of <see cref="PromptTokens"/> the provider served from its prompt cache.</summary>
    public long CachedPromptTokens { get; init; }
}

/// <summary>
/// Counts a run's calls, tokens and cost; thread-safe, one per run. Holds the price table so every call of the
/// run is priced the same way.
/// </summary>
public sealed class LlmRunUsage(IReadOnlyDictionary<string, ModelPrice>? prices = null)
{
    private readonly Lock _lock = new();
    private const int FailureSamplesKept = 5;
    private readonly List<string> _failureSamples = [];
    private LlmUsageTotals _totals = new(0, 0, 0, 0, 0, 0, 0, 0m, 0);

    public IReadOnlyDictionary<string, ModelPrice> Prices { get; } =
        prices ?? new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);

    public static LlmRunUsage For(LlmOptions options) => new(options.Prices);

    public void Add(LlmCallStatus status, long promptTokens, long completionTokens, decimal cost, int httpAttempts, string? failureCause = null,
        long cachedPromptTokens = 0)
    {
        lock (_lock)
        {
            if (failureCause is not null && _failureSamples.Count < FailureSamplesKept) _failureSamples.Add(failureCause);
            var t = _totals;
            _totals = t with
            {
                Calls = t.Calls + 1,
                Parsed = t.Parsed + (status == LlmCallStatus.Parsed ? 1 : 0),
                Repaired = t.Repaired + (status == LlmCallStatus.Repaired ? 1 : 0),
                Unparseable = t.Unparseable + (status == LlmCallStatus.Unparseable ? 1 : 0),
                Failures = t.Failures + (status == LlmCallStatus.Failed ? 1 : 0),
                PromptTokens = t.PromptTokens + promptTokens,
                CachedPromptTokens = t.CachedPromptTokens + cachedPromptTokens,
                CompletionTokens = t.CompletionTokens + completionTokens,
                Cost = t.Cost + cost,
                HttpAttempts = t.HttpAttempts + httpAttempts,
            };
        }
    }

    /// <summary>The first few failure causes, for the run summary (each is also on its work item).</summary>
    public IReadOnlyList<string> FailureSamples
    {
        get { lock (_lock) return _failureSamples.ToList(); }
    }

    public LlmUsageTotals Totals
    {
        get { lock (_lock) return _totals; }
    }
}
