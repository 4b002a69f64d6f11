using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.FullText;

public sealed record ShowFullTextResult(long RecordId, string Title, RecordFullText FullText);

/// <summary>A record's stored full text page by page, for `fulltext show`.</summary>
public static class ShowFullText
{
    public static async Task<ShowFullTextResult> RunAsync(ScreenerDbContext db, string reviewName, long recordId, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, ct);
        var title = await db.Records.Where(r => r.Id == recordId && r.ReviewId == review.Id).Select(r => r.Title).SingleOrDefaultAsync(ct)
            ?? throw new ScreenerException($"review '{review.Name}' has no record {recordId}");
        var text = await RecordFullTexts.ForRecordAsync(db, recordId, ct)
            ?? throw new ScreenerException($"record {recordId} has no full text: attach one with `screener fulltext attach --review {review.Name} --record {recordId} FILE`");
        return new ShowFullTextResult(recordId, title, text);
    }
}
