using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.FullText;

/// <summary>Text: read; NeedsOcr / Failed: retrieved but not readable; NotRetrieved: no file attached and no full-text decision.</summary>
public enum RetrievalState
{
    Text,
    NeedsOcr,
    Failed,
    NotRetrieved,
    /// <summary>No file stored, but a human decided at full text: the report was read elsewhere (PRISMA: retrieved).</summary>
    DecidedWithoutStoredText,
}

public sealed record FullTextStatusRow(long RecordId, string? ExternalId, string Title, RetrievalState State, string? FileName, int Pages, string? MatchedBy, string? Reason);

/// <summary>
/// Sought: records that reached full text (settled include at title/abstract). NotRetrieved: sought without any
/// file attached, PRISMA 2020's "reports not retrieved". AttachedOutside: full texts attached to records that have
/// not (or not yet) been included at title/abstract; they are kept, and count once those records are included.
/// </summary>
public sealed record FullTextStatusResult(string Review, int Sought, int WithText, int NeedsOcr, int Failed, int NotRetrieved, int AttachedOutside,
    IReadOnlyList<FullTextStatusRow> Records);

/// <summary>Which records that reached full text have a readable text, and which were not retrieved.</summary>
public static class GetFullTextStatus
{
    public static async Task<FullTextStatusResult> RunAsync(ScreenerDbContext db, string reviewName, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, ct);
        var sought = await FullTextEntry.RecordIdsAsync(db, review.Id, ct);
        var retrieved = await RecordFullTexts.RetrievedAsync(db, review.Id, ct);
        var documents = await db.FullTextDocuments.AsNoTracking().Where(d => d.ReviewId == review.Id)
            .Select(d => new { d.RecordId, d.Status, d.FileName, d.PageCount, d.MatchedBy, d.StatusReason }).ToDictionaryAsync(d => d.RecordId, ct);
        var records = await db.Records.AsNoTracking().Where(r => r.ReviewId == review.Id && sought.Contains(r.Id)).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.ExternalId, r.Title }).ToListAsync(ct);
        var rows = records.Select(r =>
        {
            var d = documents.GetValueOrDefault(r.Id);
            var state = d is null ? (retrieved.Contains(r.Id) ? RetrievalState.DecidedWithoutStoredText : RetrievalState.NotRetrieved) : d.Status switch
            {
                FullTextStatus.Text => RetrievalState.Text,
                FullTextStatus.NeedsOcr => RetrievalState.NeedsOcr,
                _ => RetrievalState.Failed,
            };
            return new FullTextStatusRow(r.Id, r.ExternalId, r.Title, state, d?.FileName, d?.PageCount ?? 0, d?.MatchedBy, d?.StatusReason);
        }).ToList();
        return new FullTextStatusResult(review.Name, rows.Count, rows.Count(r => r.State == RetrievalState.Text),
            rows.Count(r => r.State == RetrievalState.NeedsOcr), rows.Count(r => r.State == RetrievalState.Failed),
            rows.Count(r => r.State == RetrievalState.NotRetrieved), documents.Keys.Count(id => !sought.Contains(id)), rows);
    }
}
