using System.ComponentModel.DataAnnotations;

namespace Screener.Core.Jobs;

/// <summary>The "Jobs" section: how long a claimed work item stays with its worker without a heartbeat.</summary>
public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>A crashed worker's items become claimable again after this; live workers renew it every third of it.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Whether `screener serve` also works the queue (when an LLM is configured). Extra workers: run `screener screen`.</summary>
    public bool WebWorker { get; set; } = true;

    /// <summary>How often the web host's worker looks for pending screening work.</summary>
    [Range(1, 3600)]
    public int WebWorkerPollSeconds { get; set; } = 15;
}
