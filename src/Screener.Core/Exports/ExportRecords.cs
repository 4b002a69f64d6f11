using System.Text;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Exports;

public enum RecordExportFormat
{
    Csv,
    Ris,
    Xlsx,
}

/// <summary>IncludeDuplicates: also the records dedup merged away (marked with duplicate_of).</summary>
public sealed record ExportRecordsRequest(RecordExportFormat Format, bool IncludeDuplicates);

public sealed record ExportRecordsResult(string Review, RecordExportFormat Format, int Records);

/// <summary>
/// The one export of a review's records and screening results, called by `screener export` and by
/// GET /api/reviews/{id}/export: the same rows and columns (<see cref="ExportLayout"/>) as CSV, RIS or XLSX, each
/// through its one writer. It shows every reviewer's decision, so only an adjudicator or admin may export (a
/// reviewer would otherwise be unblinded); the CLI acts as admin.
/// </summary>
public static class ExportRecords
{
    public const string SheetName = "records";

    public static async Task<ExportRecordsResult> RunAsync(
        ScreenerDbContext db, ReviewActor actor, ExportRecordsRequest request, Stream output, CancellationToken ct)
    {
        if (request.Format != RecordExportFormat.Xlsx)
        {
            await using var text = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
            return await RunAsync(db, actor, request, text, ct);
        }
        var (review, rows) = await RowsAsync(db, actor, request, ct);
        var all = await rows.ToListAsync(ct);
        XlsxWriter.Write(output, SheetName, ExportLayout.Header, all.Select(ExportLayout.Cells));
        return new ExportRecordsResult(review, request.Format, all.Count);
    }

    /// <summary>CSV or RIS as text, streamed in record id order (standard output, a file).</summary>
    public static async Task<ExportRecordsResult> RunAsync(
        ScreenerDbContext db, ReviewActor actor, ExportRecordsRequest request, TextWriter output, CancellationToken ct)
    {
        if (request.Format == RecordExportFormat.Xlsx)
            throw new ScreenerException("an XLSX workbook is not text: write it to a file (--output FILE)");
        var (review, rows) = await RowsAsync(db, actor, request, ct);
        if (request.Format == RecordExportFormat.Csv) await CsvTableWriter.WriteRowAsync(output, ExportLayout.Header, ct);
        var count = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await (request.Format == RecordExportFormat.Csv
                ? CsvTableWriter.WriteRowAsync(output, ExportLayout.Cells(row), ct)
                : RisWriter.WriteRecordAsync(output, "JOUR", ExportLayout.RisFields(row), ct));
            count++;
        }
        await output.FlushAsync(ct);
        return new ExportRecordsResult(review, request.Format, count);
    }

    private static async Task<(string Review, IAsyncEnumerable<ExportRow> Rows)> RowsAsync(
        ScreenerDbContext db, ReviewActor actor, ExportRecordsRequest request, CancellationToken ct)
    {
        if (!actor.CanAdjudicate) throw new ForbiddenException("only an adjudicator or admin can export: exports show every reviewer's decision");
        var review = await db.Reviews.FindAsync([actor.ReviewId], ct) ?? throw new NotFoundException($"no review {actor.ReviewId}");
        return (review.Name, await ExportRowsQuery.RunAsync(db, actor.ReviewId, request.IncludeDuplicates, ct));
    }
}
