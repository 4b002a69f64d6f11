using System.ComponentModel.DataAnnotations;

namespace Screener.Core.Jobs;

/// <summary>The "Jobs" section: how long a claimed work item stays with its worker without a heartbeat.</summary>
public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>A crashed worker's items become claimable again after this; live workers renew it every third of it.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;
}
