using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Web.Jobs;

/// <summary>
/// The web host's standing worker: continues every screening run that has pending work and was not cancelled, each
/// with the settings it was started with, through the same queue as `screener screen`, so the service and any number
/// of CLI workers share the load without doing anything twice.
/// </summary>
public sealed class ScreeningWorker(IServiceProvider services, IOptions<JobOptions> options, ILogger<ScreeningWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.WebWorkerPollSeconds));
        do
        {
            try
            {
                await DrainOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A dead database or provider must not stop the service; the next tick tries again, nothing is lost.
                logger.LogWarning(e, "Screening worker pass failed; retrying in {Seconds} s", options.Value.WebWorkerPollSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task DrainOnceAsync(CancellationToken ct)
    {
        List<long> runs;
        await using (var db = await services.GetRequiredService<IDbContextFactory<ScreenerDbContext>>().CreateDbContextAsync(ct))
            runs = await PendingRuns.ScreeningRunIdsAsync(db, ct);
        foreach (var run in runs)
        {
            var result = await services.GetRequiredService<ScreenRecords>().ContinueRunAsync(run, ct);
            logger.LogInformation("Screened {Count} item(s) of run {Run}; {Pending} pending", result.Processed, run, result.Pending);
        }
    }
}
