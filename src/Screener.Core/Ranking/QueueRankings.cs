using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Screener.Core.Persistence;

namespace Screener.Core.Ranking;

/// <summary>
/// The queue's read model, one per host (a singleton of the container, keyed by review and blinded viewer ids): the
/// last <see cref="QueueRanking"/> of each review as each viewer may see it. A page reads it at once, with its age;
/// when the labels changed by a batch since (<see cref="RankingLabelState.StillServes"/>) the read asks for a new
/// one, which <see cref="RefreshAsync"/> (the web host's background worker) computes off the request, one ranking
/// at a time so that memory holds one ranking's features at most. Until the first ranking of a review is ready the
/// queue follows the LLM's inclusion probability (<see cref="HumanScreening.ScreeningQueue"/>). Training the ranking on
/// the request took 91 s for the first overview page of a 65,000-record review.
/// </summary>
public sealed class QueueRankings(IDbContextFactory<ScreenerDbContext> contexts, ComputeQueueRanking compute, ILogger<QueueRankings> logger)
{
    private readonly ConcurrentDictionary<(long ReviewId, long? Viewer), QueueRanking> _rankings = new();
    private readonly ConcurrentDictionary<(long ReviewId, long? Viewer), (QueueRanking? Ranking, RankingLabelState State, IReadOnlyList<QueueEntry> Queue)> _queues = new();
    private readonly Channel<(long ReviewId, long? Viewer)> _due = Channel.CreateUnbounded<(long, long?)>(new() { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly HashSet<(long, long?)> _queued = [];
    private int _pending;
    private TaskCompletionSource _idle = Idle();

    /// <summary>
    /// The last ranking of the review as <paramref name="blindedViewerId"/> may see it (null viewer: the review's
    /// shared ranking), or null before the first is computed, with the label state now; asks for a new one when it no
    /// longer serves. A page reads this once and passes it on.
    /// </summary>
    public async Task<RankingRead> ReadAsync(ScreenerDbContext db, long reviewId, long? blindedViewerId, CancellationToken cancellationToken)
    {
        var key = (reviewId, blindedViewerId);
        _rankings.TryGetValue(key, out var last);
        var visible = await ReviewLabels.VisibleDecisionsAsync(db, reviewId, blindedViewerId, cancellationToken);
        var state = await RankingLabelState.ReadAsync(db, reviewId, visible, cancellationToken);
        if (last is null || !last.State.StillServes(state)) Request(key);
        return new RankingRead(reviewId, blindedViewerId, last, state, visible);
    }

    /// <summary>
    /// Every unique record of the review now, in the queue's order before decisions (<see cref="QueueOrder"/>): the
    /// ranking's own while the records and suggestions are as it saw them; otherwise (no ranking yet, or an import, a
    /// merge or new suggestions since) read once and kept until they change again or the next ranking is served.
    /// </summary>
    public async Task<IReadOnlyList<QueueEntry>> BaseQueueAsync(ScreenerDbContext db, RankingRead read, CancellationToken cancellationToken)
    {
        if (read.RankedTheseRecords) return read.Ranking!.Queue;
        var key = (read.ReviewId, read.Viewer);
        if (_queues.TryGetValue(key, out var kept) && ReferenceEquals(kept.Ranking, read.Ranking) && kept.State.SameRecordsAs(read.Now)) return kept.Queue;
        // Read after the state: records changed meanwhile make the state differ from the next read's, never the reverse.
        var queue = await QueueOrder.LoadAsync(db, read.ReviewId, read.Ranking?.Order, cancellationToken);
        _queues[key] = (read.Ranking, read.Now, queue);
        return queue;
    }

    /// <summary>Completes when no ranking is asked for or being computed (tests wait here instead of sleeping).</summary>
    public Task IdleAsync()
    {
        lock (_lock) return _idle.Task;
    }

    /// <summary>Computes the rankings asked for, one at a time, until <paramref name="stoppingToken"/> fires.</summary>
    public async Task RefreshAsync(CancellationToken stoppingToken)
    {
        await foreach (var key in _due.Reader.ReadAllAsync(stoppingToken))
        {
            lock (_lock) _queued.Remove(key);
            try
            {
                await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                // Asked for twice (two pages read before the first request was served): the second finds it current.
                if (_rankings.TryGetValue(key, out var last)
                    && last.State.StillServes(await RankingLabelState.ReadAsync(db, key.ReviewId, key.Viewer, stoppingToken))) continue;
                _rankings[key] = await compute(db, key.ReviewId, key.Viewer, stoppingToken);
                // The ranking brings its own queue: the one read while it was computed serves no more.
                _queues.TryRemove(key, out _);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A review deleted meanwhile or a dead database: the pages keep the last ranking; the next read asks again.
                logger.LogWarning(e, "Ranking review {Review} (viewer {Viewer}) failed", key.ReviewId, key.Viewer);
            }
            finally
            {
                lock (_lock)
                    if (--_pending == 0) _idle.TrySetResult();
            }
        }
    }

    private void Request((long, long?) key)
    {
        lock (_lock)
        {
            if (!_queued.Add(key)) return;
            if (_pending++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _due.Writer.TryWrite(key);
    }

    private static TaskCompletionSource Idle()
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        idle.SetResult();
        return idle;
    }
}
