using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Dedup;

/// <summary>MatchedRecordId: the group member the rule matched the duplicate with, when not the kept record.</summary>
public sealed record DuplicateLinkSummary(
    long Id, long KeptRecordId, long DuplicateRecordId, DuplicateReason Reason, double Score, IReadOnlyList<string> MergedFields,
    string DuplicateTitle, long? MatchedRecordId = null);

/// <summary>The review's dedup merges still in force, oldest first: what `dedup --undo --link ID` can undo.</summary>
public static class ListDuplicateLinks
{
    public static async Task<IReadOnlyList<DuplicateLinkSummary>> RunAsync(ScreenerDbContext db, string reviewName, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, ct);
        var links = await db.DuplicateLinks.AsNoTracking().Where(l => l.ReviewId == review.Id && l.UndoneAt == null).OrderBy(l => l.Id)
            .Join(db.Records, l => l.DuplicateRecordId, r => r.Id, (l, r) => new { Link = l, r.Title })
            .ToListAsync(ct);
        return links.Select(x => new DuplicateLinkSummary(x.Link.Id, x.Link.KeptRecordId, x.Link.DuplicateRecordId, x.Link.Reason,
            x.Link.Score, (JsonNode.Parse(x.Link.MergedFieldsJson)?.AsObject() ?? []).Select(f => f.Key).ToList(), x.Title, x.Link.MatchedRecordId)).ToList();
    }
}
