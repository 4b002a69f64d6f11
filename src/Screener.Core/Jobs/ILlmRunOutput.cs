namespace Screener.Core.Jobs;

/// <summary>
/// What one work item of an LLM run stores: a screening suggestion or an extraction draft. Both carry the same
/// audit of the call; the run's writer stores either through this one shape.
/// </summary>
public interface ILlmRunOutput
{
    long RunId { get; }
    long RecordId { get; }
    string IdempotencyKey { get; }
    LlmCallAudit Audit { get; }
}
