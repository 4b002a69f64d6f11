using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Screening;

namespace Screener.Core.Jobs;

/// <summary>Finds the run a piece of work belongs to, and records when it is finished.</summary>
public static class RunLedger
{
    /// <summary>The same review, protocol version, stage and settings continue the same run (resume); anything else starts a new one.</summary>
    public static async Task<ScreeningRun> FindOrCreateAsync(ScreenerDbContext db, ScreeningRun wanted, CancellationToken ct)
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
        var finished = counts.Pending == 0 && counts.Running == 0;
        run.Status = !finished ? RunStatus.Running : counts.Failed > 0 ? RunStatus.CompletedWithFailures : RunStatus.Completed;
        run.FinishedAt = finished ? time.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
        return counts;
    }
}
