using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Dedup;

public sealed record DeduplicateRecordsRequest(string ReviewName, DedupSettings? Settings = null);

public sealed record DuplicateReasonCount(DuplicateReason Reason, int Duplicates);

/// <summary>
/// Settled: the run's last pass found nothing new, so running dedup again finds nothing; false names a run that
/// stopped after <see cref="DedupSettings.MaxPasses"/> passes still finding pairs (run it again).
/// </summary>
public sealed record DeduplicateRecordsResult(
    string Review, int RecordsCompared, int NewDuplicates, IReadOnlyList<DuplicateReasonCount> ByReason, int FieldsMerged,
    int DuplicatesRemoved, IReadOnlyList<LabelConflict> LabelConflicts, int Passes = 1, bool Settled = true);

/// <summary>
/// Finds duplicates among the review's records that are not yet duplicates, links each to the record kept,
/// fills the kept record's empty fields from it and logs every merge (rule, score, the record it matched, fields)
/// so it can be undone. Records merged before take part as members of their groups (a group stays compatible as
/// a whole), people's pair decisions are respected, and the run repeats until it finds nothing new, so running it
/// again finds nothing. Duplicates whose labels disagree are listed, never settled.
/// </summary>
public static class DeduplicateRecords
{
    public static async Task<DeduplicateRecordsResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, DeduplicateRecordsRequest request, CancellationToken ct)
    {
        var review = await ReviewLookup.FindWritableAsync(db, request.ReviewName, ct);
        var candidates = await LoadCandidatesAsync(db, review.Id, ct);
        var decisions = await LoadDecisionsAsync(db, review.Id, ct);
        var run = DedupPasses.Run(candidates, request.Settings, decisions);
        var plan = run.Merges.ToList();
        var matches = plan.Select(p => p.Match).ToList();

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await WriteLinksAsync(db, review.Id, time.GetUtcNow(), plan, ct);
            await MarkDuplicatesAsync(db, plan, ct);
            // Pass by pass: a later pass may copy a field into a record from one that gained it in an earlier pass.
            foreach (var pass in run.Passes) await MergeFieldsAsync(db, pass, ct);
            var now = time.GetUtcNow();
            await db.Reviews.Where(r => r.Id == review.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.DeduplicatedAt, now), ct);
            await transaction.CommitAsync(ct);
        }

        var removed = await db.Records.CountAsync(r => r.ReviewId == review.Id && r.DuplicateOfId != null, ct);
        var conflicts = await DuplicateLabelConflictsQuery.RunAsync(db, review.Id, ct);
        var byReason = matches.GroupBy(m => m.Reason).OrderBy(g => g.Key).Select(g => new DuplicateReasonCount(g.Key, g.Count())).ToList();
        return new DeduplicateRecordsResult(review.Name, candidates.Count(c => c.DuplicateOfId is null), matches.Count, byReason,
            plan.Sum(p => p.FilledFields.Count), removed, conflicts, run.Passes.Count, run.Settled);
    }

    private static async Task<List<DedupCandidate>> LoadCandidatesAsync(ScreenerDbContext db, long reviewId, CancellationToken ct)
    {
        var keepers = (await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId != null)
            .Select(r => r.DuplicateOfId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
        var decided = (await db.HumanDecisions.Where(d => d.ReviewId == reviewId).Select(d => d.RecordId).Distinct().ToListAsync(ct)).ToHashSet();
        // Merged records too: a new record joins a group only if it is compatible with every member, not just the kept one.
        // Streamed, so only each abstract's shingles stay in memory, never the abstracts.
        var rows = db.Records.AsNoTracking().Where(r => r.ReviewId == reviewId).OrderBy(r => r.Id)
            .Select(r => new
            {
                r.Id, r.ImportSourceId, r.Title, r.Authors, r.Year, r.Journal, r.Doi, r.Pmid, r.Abstract,
                KeywordCount = r.Keywords.Count, r.DuplicateOfId,
            })
            .AsAsyncEnumerable();
        var candidates = new List<DedupCandidate>();
        await foreach (var r in rows.WithCancellation(ct))
            candidates.Add(new DedupCandidate(r.Id, r.ImportSourceId, r.Title, r.Authors, r.Year, r.Journal, r.Doi, r.Pmid,
                !string.IsNullOrEmpty(r.Abstract), r.KeywordCount, keepers.Contains(r.Id), decided.Contains(r.Id), r.DuplicateOfId,
                DedupKeys.AbstractShingles(r.Abstract)));
        return candidates;
    }

    private static async Task<PairDecisions> LoadDecisionsAsync(ScreenerDbContext db, long reviewId, CancellationToken ct)
    {
        var rows = await db.DuplicatePairDecisions.AsNoTracking().Where(d => d.ReviewId == reviewId && d.WithdrawnAt == null)
            .Select(d => new { d.RecordIdA, d.RecordIdB, d.Verdict }).ToListAsync(ct);
        return new PairDecisions(
            rows.Where(d => d.Verdict == PairVerdict.Same).Select(d => (d.RecordIdA, d.RecordIdB)).ToList(),
            rows.Where(d => d.Verdict == PairVerdict.NotSame).Select(d => (d.RecordIdA, d.RecordIdB)).ToList());
    }

    private static Task WriteLinksAsync(ScreenerDbContext db, long reviewId, DateTimeOffset now, IReadOnlyList<PlannedMerge> plan, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "DuplicateLinks" ("ReviewId", "KeptRecordId", "DuplicateRecordId", "Reason", "Score", "MatchedRecordId", "MergedFieldsJson", "CreatedAt")
            SELECT @review, t.k, t.d, t.r, t.s, t.w, t.m::jsonb, @now
            FROM unnest(@kept, @dup, @reason, @score, @with, @merged) AS t(k, d, r, s, w, m)
            """,
            [
                new NpgsqlParameter("review", reviewId), new NpgsqlParameter("now", now),
                new NpgsqlParameter("kept", plan.Select(p => p.Match.KeptId).ToArray()),
                new NpgsqlParameter("dup", plan.Select(p => p.Match.DuplicateId).ToArray()),
                new NpgsqlParameter("reason", plan.Select(p => p.Match.Reason.ToString()).ToArray()),
                new NpgsqlParameter("score", plan.Select(p => p.Match.Score).ToArray()),
                new NpgsqlParameter("with", plan.Select(p => p.Match.MatchedWithId).ToArray()),
                new NpgsqlParameter("merged", plan.Select(p => PreviousValuesJson(p.FilledFields)).ToArray()),
            ], ct);

    private static Task MarkDuplicatesAsync(ScreenerDbContext db, IReadOnlyList<PlannedMerge> plan, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            UPDATE "Records" AS r SET "DuplicateOfId" = t.k FROM unnest(@dup, @kept) AS t(d, k) WHERE r."Id" = t.d
            """,
            [
                new NpgsqlParameter("dup", plan.Select(p => p.Match.DuplicateId).ToArray()),
                new NpgsqlParameter("kept", plan.Select(p => p.Match.KeptId).ToArray()),
            ], ct);

    /// <summary>Copies each filled field from the duplicate's row in SQL, so abstracts never pass through memory.</summary>
    private static async Task MergeFieldsAsync(ScreenerDbContext db, IReadOnlyList<PlannedMerge> plan, CancellationToken ct)
    {
        foreach (var field in plan.SelectMany(p => p.FilledFields).Distinct())
        {
            var pairs = plan.Where(p => p.FilledFields.Contains(field)).Select(p => p.Match).ToList();
            await db.Database.ExecuteSqlRawAsync(MergeSql[field],
                [
                    new NpgsqlParameter("kept", pairs.Select(m => m.KeptId).ToArray()),
                    new NpgsqlParameter("dup", pairs.Select(m => m.DuplicateId).ToArray()),
                ], ct);
        }
    }

    /// <summary>One fixed statement per mergeable column (MergePlanner's constants, never input).</summary>
    private static readonly Dictionary<string, string> MergeSql = new[]
        {
            MergePlanner.Abstract, MergePlanner.Authors, MergePlanner.Year, MergePlanner.Journal, MergePlanner.Doi,
            MergePlanner.Pmid, MergePlanner.Keywords,
        }
        .ToDictionary(f => f, f => $"""
            UPDATE "Records" AS k SET "{f}" = d."{f}" FROM unnest(@kept, @dup) AS t(k, d)
            JOIN "Records" AS d ON d."Id" = t.d WHERE k."Id" = t.k
            """, StringComparer.Ordinal);

    /// <summary>Merging only fills empty fields, so each previous value is empty: null, or [] for lists.</summary>
    private static string PreviousValuesJson(IReadOnlyList<string> fields)
    {
        var json = new JsonObject();
        foreach (var f in fields) json[f] = f is MergePlanner.Authors or MergePlanner.Keywords ? new JsonArray() : null;
        return json.ToJsonString();
    }
}
