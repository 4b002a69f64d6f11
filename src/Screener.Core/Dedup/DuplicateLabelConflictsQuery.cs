using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;

namespace Screener.Core.Dedup;

/// <summary>Every duplicate group of a review whose members disagree on an imported label or a human decision.</summary>
public static class DuplicateLabelConflictsQuery
{
    public static async Task<IReadOnlyList<LabelConflict>> RunAsync(ScreenerDbContext db, long reviewId, CancellationToken ct)
    {
        var members = await db.Records.AsNoTracking()
            .Where(r => r.ReviewId == reviewId && (r.DuplicateOfId != null || db.Records.Any(d => d.DuplicateOfId == r.Id)))
            .Select(r => new { r.Id, r.DuplicateOfId, r.ImportedLabelTitleAbstract, r.ImportedLabelFinal })
            .ToListAsync(ct);
        if (members.Count == 0) return [];
        var ids = members.Select(m => m.Id).ToList();
        var decisions = (await db.HumanDecisions.AsNoTracking()
                .Where(d => d.ReviewId == reviewId && ids.Contains(d.RecordId))
                .Select(d => new { d.RecordId, d.Stage, d.Decision }).ToListAsync(ct))
            .ToLookup(d => d.RecordId, d => $"{d.Stage}:{d.Decision}");

        var parent = members.ToDictionary(m => m.Id, m => m.DuplicateOfId);
        long Root(long id)
        {
            for (var hops = 0; parent.GetValueOrDefault(id) is { } up && hops < parent.Count; hops++) id = up;
            return id;
        }
        return members.GroupBy(m => Root(m.Id)).OrderBy(g => g.Key)
            .SelectMany(g => LabelConflicts.Find(g.Key, g.Select(m => new GroupMemberLabels(
                m.Id, m.ImportedLabelTitleAbstract, m.ImportedLabelFinal, decisions[m.Id].ToList())).ToList()))
            .ToList();
    }
}
