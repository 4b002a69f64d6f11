using Screener.Core.Screening;

namespace Screener.Core.Jobs;

/// <summary>Totals of one invocation's LLM calls so far.</summary>
public sealed record CallTotals(
    int Parsed, int Unparseable, int Failed, long PromptTokens, long CompletionTokens, decimal Cost, TimeSpan Elapsed, IReadOnlyList<string> FailureSamples)
{
    public int Processed => Parsed + Unparseable + Failed;
}

/// <summary>Thread-safe counters for one run invocation: progress while it runs, the summary at the end.</summary>
public sealed class CallTally(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly Lock _gate = new();
    private readonly List<string> _failures = [];
    private int _parsed, _unparseable, _failed;
    private long _promptTokens, _completionTokens;
    private decimal _cost;

    public void Add(CallOutcome outcome, int promptTokens, int completionTokens, decimal cost, string? error)
    {
        lock (_gate)
        {
            switch (outcome)
            {
                case CallOutcome.Parsed: _parsed++; break;
                case CallOutcome.Unparseable: _unparseable++; break;
                default:
                    _failed++;
                    if (_failures.Count < 5 && error is not null) _failures.Add(error);
                    break;
            }
            _promptTokens += promptTokens;
            _completionTokens += completionTokens;
            _cost += cost;
        }
    }

    public CallTotals Snapshot()
    {
        lock (_gate)
            return new CallTotals(_parsed, _unparseable, _failed, _promptTokens, _completionTokens, _cost, time.GetElapsedTime(_started), _failures.ToList());
    }
}
