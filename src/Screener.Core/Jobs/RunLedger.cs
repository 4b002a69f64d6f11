using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Jobs;

/// <summary>Finds the run a piece of work belongs to, and records when it is finished.</summary>
public static class RunLedger
{
    /// <summary>The same review, protocol version, stage and settings continue the same run (resume); anything else starts a new one.</summary>
    public static async Task<ScreeningRun> FindOrCreateAsync(ScreenerDbContext db, ScreeningRun wanted, CancellationToken ct)
    {
        // Workers started together on a fresh review each found no run and created their own; all but one then had
        // no items (the idempotency keys belong to the first run) and sat idle (bench `screen-workers`, 4 processes).
        // A transaction-scoped advisory lock per review makes find-or-create one step.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (own)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RunLockClass}, {(int)wanted.ReviewId})", ct);
            var run = await FindOrAddAsync(db, wanted, ct);
            if (own is not null) await own.CommitAsync(ct);
            return run;
        }
    }

    private const int RunLockClass = 0x52554E53; // "RUNS": keeps these locks apart from any other advisory lock

    private static async Task<ScreeningRun> FindOrAddAsync(ScreenerDbContext db, ScreeningRun wanted, CancellationToken ct)
    {
        var candidates = await db.Runs.Where(r => r.ReviewId == wanted.ReviewId && r.ProtocolVersionId == wanted.ProtocolVersionId && r.Stage == wanted.Stage)
            .ToListAsync(ct);
        var wantedSettings = JsonNode.Parse(wanted.SettingsJson);
        var run = candidates.FirstOrDefault(r => JsonNode.DeepEquals(JsonNode.Parse(r.SettingsJson), wantedSettings));
        if (run is not null) return run;
        db.Runs.Add(wanted);
        await db.SaveChangesAsync(ct);
        return wanted;
    }

    public static async Task<QueueCounts> SettleAsync(ScreenerDbContext db, long runId, TimeProvider time, CancellationToken ct)
    {
        var counts = await WorkQueue.CountAsync(db, runId, ct);
        var run = await db.Runs.SingleAsync(r => r.Id == runId, ct);
        // A cancelled run stays cancelled, with its unfinished items left pending for a resume by hand.
        if (run.Status == RunStatus.Cancelled) return counts;
        var finished = counts.Pending == 0 && counts.Running == 0 && counts.Batched == 0;
        run.Status = !finished ? RunStatus.Running : counts.Failed > 0 ? RunStatus.CompletedWithFailures : RunStatus.Completed;
        run.FinishedAt = finished ? time.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
        return counts;
    }
}
