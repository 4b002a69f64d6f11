using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Ranking;

/// <summary>
/// The order the review queue offers unscreened records in: <see cref="RankRecords"/> (active learning once there
/// is an include and an exclude, else the LLM's probability, else similarity to the protocol). Retraining on every
/// "next record" click would rebuild the features and the model for each reviewer; instead the order is kept per
/// review and recomputed after each batch of human labels (5% more records labelled, at least one: the schedule
/// `simulate` measures) or when the review's LLM suggestions or its unique records change (a new search imported,
/// duplicates merged: the stopping aid's expected includes must cover every unscreened record). A label changed in
/// place (a reviewer correcting a slip) waits for the next batch. A blinded reviewer gets their own order, learnt
/// only from settled records and their own decisions (<see cref="ReviewLabels"/>): a shared order would move when a
/// co-reviewer decides, and tell them so.
/// </summary>
public static class QueueRanking
{
    /// <summary>Probabilities: each ranked record's calibrated inclusion probability, when computed with the stopping aid and calibratable.</summary>
    private sealed record Cached(int Labelled, int Suggestions, (int Count, long IdSum) Records, IReadOnlyList<long> Order, bool WithStoppingAid, IReadOnlyDictionary<long, double>? Probabilities);

    // Keyed by database, review and blinded viewer (null: everyone else): tests and multi-tenant hosts talk to several
    // databases from one process.
    private static readonly ConcurrentDictionary<(string Database, long ReviewId, long? Viewer), Cached> Orders = new();
    private static readonly ConcurrentDictionary<(string Database, long ReviewId, long? Viewer), SemaphoreSlim> Gates = new();

    /// <summary>Unscreened unique records, most likely include first, as <paramref name="blindedViewerId"/> may see them (null: the review's shared order).</summary>
    public static async Task<IReadOnlyList<long>> OrderAsync(ScreenerDbContext db, long reviewId, long? blindedViewerId, CancellationToken cancellationToken) =>
        (await GetAsync(db, reviewId, blindedViewerId, stoppingAid: false, cancellationToken)).Order;

    /// <summary>
    /// The calibrated inclusion probability of each record ranked at the last recomputation (null: too few labels to
    /// calibrate, or no model yet), for the stopping aid; computing them costs five more model fits, so they are kept
    /// with the order and recomputed on the same schedule.
    /// </summary>
    public static async Task<IReadOnlyDictionary<long, double>?> ProbabilitiesAsync(ScreenerDbContext db, long reviewId, long? blindedViewerId, CancellationToken cancellationToken) =>
        (await GetAsync(db, reviewId, blindedViewerId, stoppingAid: true, cancellationToken)).Probabilities;

    private static async Task<Cached> GetAsync(ScreenerDbContext db, long reviewId, long? viewer, bool stoppingAid, CancellationToken cancellationToken)
    {
        var key = (db.Database.GetDbConnection().Database, reviewId, viewer);
        var labelled = viewer is null
            ? await db.HumanDecisions.Where(d => d.ReviewId == reviewId && d.Stage == ReviewStage.TitleAbstract)
                .Select(d => d.RecordId).Distinct().CountAsync(cancellationToken)
            : (await ReviewLabels.VisibleDecisionsAsync(db, reviewId, viewer, cancellationToken)).Select(d => d.RecordId).Distinct().Count();
        var suggestions = await db.Suggestions.CountAsync(s => db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == reviewId && r.Stage == RunStage.Screening), cancellationToken);
        // The unique records by count and id sum: changed by an import, a merge or its undo, and different for a review
        // of another database that happens to have the same id (tests reset databases under a running process).
        var unique = await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null).GroupBy(r => r.ReviewId)
            .Select(g => new { Count = g.Count(), IdSum = g.Sum(r => r.Id) }).SingleOrDefaultAsync(cancellationToken);
        var records = (unique?.Count ?? 0, unique?.IdSum ?? 0L);
        if (Orders.TryGetValue(key, out var cached) && Fresh(cached, labelled, suggestions, records, stoppingAid)) return cached;

        // One recomputation at a time per review; reviewers arriving meanwhile take its result.
        var gate = Gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Orders.TryGetValue(key, out cached) && Fresh(cached, labelled, suggestions, records, stoppingAid)) return cached;
            var name = await db.Reviews.Where(r => r.Id == reviewId).Select(r => r.Name).SingleAsync(cancellationToken);
            var ranking = await RankRecords.RunAsync(db, new RankRecordsRequest(name, Top: 0, StoppingAid: stoppingAid, BlindedViewerId: viewer), cancellationToken);
            var order = ranking.Records.Select(r => r.RecordId).ToList();
            // Only the classifier's calibrated probabilities (RankRecords gives no estimate from the LLM's vote share).
            var probabilities = stoppingAid && ranking.Method == RankingMethod.ActiveLearning && ranking.Stopping.EstimatedRecall is not null
                ? ranking.Records.ToDictionary(r => r.RecordId, r => r.InclusionProbability!.Value) : null;
            var computed = new Cached(labelled, suggestions, records, order, stoppingAid, probabilities);
            Orders[key] = computed;
            return computed;
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool Fresh(Cached cached, int labelled, int suggestions, (int Count, long IdSum) records, bool stoppingAid) =>
        (cached.WithStoppingAid || !stoppingAid)
        && cached.Suggestions == suggestions && cached.Records == records && labelled >= cached.Labelled && labelled - cached.Labelled < Math.Max(1, cached.Labelled / 20);
}
