using Screener.Core.Ranking;

namespace Screener.Web.Jobs;

/// <summary>The web host's ranking worker: computes the queue rankings pages ask for, off the request (<see cref="QueueRankings"/>).</summary>
public sealed class QueueRankingWorker(QueueRankings rankings) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => rankings.RefreshAsync(stoppingToken);
}
