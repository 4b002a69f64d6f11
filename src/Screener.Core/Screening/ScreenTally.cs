using Screener.Core.Jobs;

namespace Screener.Core.Screening;

/// <summary>Thread-safe counters for one screening invocation: progress while it runs, the summary at the end.</summary>
internal sealed class ScreenTally(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly Lock _gate = new();
    private readonly List<string> _failures = [];
    private int _suggested, _unparseable, _failed;
    private long _promptTokens, _completionTokens;
    private decimal _cost;

    public int Total { get; set; }

    public void Add(CallOutcome outcome, int promptTokens, int completionTokens, decimal cost, string? error)
    {
        lock (_gate)
        {
            switch (outcome)
            {
                case CallOutcome.Parsed: _suggested++; break;
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

    public ScreenProgress Progress()
    {
        lock (_gate)
            return new ScreenProgress(Total, _suggested + _unparseable + _failed, _failed, _unparseable,
                _promptTokens, _completionTokens, _cost, time.GetElapsedTime(_started));
    }

    public ScreenResult Result(long runId, IReadOnlyList<string> models, QueueCounts counts)
    {
        lock (_gate)
            return new ScreenResult(runId, models, counts.Total, _suggested + _unparseable + _failed, _suggested, _unparseable, _failed,
                counts.Pending + counts.Running, counts.Done, counts.Failed, _promptTokens, _completionTokens, _cost,
                time.GetElapsedTime(_started).TotalSeconds, _failures.ToList());
    }
}
