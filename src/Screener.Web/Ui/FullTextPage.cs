using Screener.Core;
using Screener.Core.HumanScreening;
using Screener.Core.Persistence;
using Screener.Core.Ranking;
using Screener.Core.Vocabulary;
using Screener.Web.Api;

namespace Screener.Web.Ui;

/// <summary>
/// Full-text screening: the next record from the full-text queue (records included at title/abstract), its text page
/// by page with the LLM's quotes highlighted on their page, the full-text criteria, and the decision form, which
/// posts to the same decide endpoint as title/abstract with stage fulltext (same use case, blinding and adjudication).
/// </summary>
public static class FullTextPage
{
    public static void Map(RouteGroupBuilder review) => review.MapGet("/fulltext", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext http, ScreenerDbContext db, QueueRankings rankings, TimeProvider time, long? record, CancellationToken ct)
    {
        var actor = http.Actor();
        var header = await ReviewPages.HeaderAsync(http, db, ct);
        var recordId = record ?? (await NextRecord.RunAsync(db, rankings, actor, ReviewStage.FullText, ct)).RecordId;
        if (recordId is null) return Pages.Render<FullTextQueueEmptyPage, ReviewHeader>(header);
        try
        {
            var item = await GetFullTextScreeningItem.RunAsync(db, rankings, time, actor, recordId.Value, ct);
            return Pages.Render<FullTextView, FullTextModel>(new(header, item));
        }
        catch (ConflictException e)
        {
            // Not at full text: a page in the review with the reason and the ways back, not a bare 409.
            return Pages.Render<NotAtFullTextPage, NotAtFullTextModel>(new(header, recordId.Value, e.Message), StatusCodes.Status409Conflict);
        }
    }
}
