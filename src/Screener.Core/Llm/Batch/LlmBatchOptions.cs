using System.ComponentModel.DataAnnotations;

namespace Screener.Core.Llm.Batch;

/// <summary>
/// Llm:Batch: the limits of the provider's Batch API that split a run into several batches. The defaults are the
/// OpenAI and Azure OpenAI limits (50,000 requests and 200 MB per input file); lower them for a provider with less.
/// </summary>
public sealed class LlmBatchOptions
{
    [Range(1, 50_000)]
    public int MaxRequestsPerFile { get; set; } = 50_000;

    [Range(1024, 200L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;
}
