using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.FullText;

public sealed record FullTextPageText(int PageNumber, string Text);

/// <summary>A record's stored full text, page by page (no pages unless Status is Text).</summary>
public sealed record RecordFullText(
    long DocumentId, long RecordId, string FileName, FullTextSourceKind SourceKind, FullTextStatus Status, string? StatusReason,
    string MatchedBy, int PageCount, DateTimeOffset AttachedAt, IReadOnlyList<FullTextPageText> Pages);

/// <summary>Reads stored full texts: what full-text screening, extraction, `fulltext show` and the web page read.</summary>
public static class RecordFullTexts
{
    /// <summary>The record's full text with its pages in order, or null when none is attached.</summary>
    public static async Task<RecordFullText?> ForRecordAsync(ScreenerDbContext db, long recordId, CancellationToken ct)
    {
        var document = await db.FullTextDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.RecordId == recordId, ct);
        if (document is null) return null;
        var pages = await db.FullTextPages.Where(p => p.DocumentId == document.Id).OrderBy(p => p.PageNumber)
            .Select(p => new FullTextPageText(p.PageNumber, p.Text)).ToListAsync(ct);
        return new RecordFullText(document.Id, document.RecordId, document.FileName, document.SourceKind, document.Status,
            document.StatusReason, document.MatchedBy, document.PageCount, document.AttachedAt, pages);
    }

    /// <summary>Records of the review whose full text was read (Status Text): those a full-text stage can work on.</summary>
    public static async Task<HashSet<long>> RecordsWithTextAsync(ScreenerDbContext db, long reviewId, CancellationToken ct) =>
        (await db.FullTextDocuments.Where(d => d.ReviewId == reviewId && d.Status == FullTextStatus.Text)
            .Select(d => d.RecordId).ToListAsync(ct)).ToHashSet();

    /// <summary>
    /// PRISMA's "retrieved", the one rule for `fulltext status` and the flow diagram: a file of the report is stored
    /// (readable or not: a PDF that needs OCR was still obtained), or a human decided at full text (they read it
    /// somewhere, perhaps on paper). Records that reached full text without either are "not retrieved".
    /// </summary>
    public static async Task<HashSet<long>> RetrievedAsync(ScreenerDbContext db, long reviewId, CancellationToken ct)
    {
        var stored = await db.FullTextDocuments.Where(d => d.ReviewId == reviewId).Select(d => d.RecordId).ToListAsync(ct);
        var decided = await db.HumanDecisions.Where(d => d.ReviewId == reviewId && d.Stage == ReviewStage.FullText)
            .Select(d => d.RecordId).ToListAsync(ct);
        return stored.Concat(decided).ToHashSet();
    }
}
