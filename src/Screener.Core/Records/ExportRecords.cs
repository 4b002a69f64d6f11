using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Ranking;
using Screener.Core.Records.Formats;
using Screener.Core.Reviews;

namespace Screener.Core.Records;

public enum RecordExportFormat
{
    Csv,
    Ris,
}

public sealed record ExportRecordsRequest(string ReviewName, RecordExportFormat Format, bool IncludeDuplicates = true);

public sealed record ExportRecordsResult(string Review, RecordExportFormat Format, int Records);

/// <summary>
/// Writes a review's records with their decisions, reasons and flags as CSV or RIS, streaming in id order.
/// Duplicates are included (with the record they duplicate) unless asked otherwise.
/// </summary>
public static class ExportRecords
{
    public static async Task<ExportRecordsResult> RunAsync(
        ScreenerDbContext db, ExportRecordsRequest request, TextWriter output, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, request.ReviewName, ct);
        var decisions = await RecordDecisionsQuery.RunAsync(db, review.Id, ct);
        var llmProbabilities = await ReviewLabels.LlmProbabilitiesAsync(db, review.Id, ct);
        if (request.Format == RecordExportFormat.Csv) await RecordCsvWriter.WriteHeaderAsync(output);
        var count = 0;
        var rows = db.Records.AsNoTracking()
            .Where(r => r.ReviewId == review.Id && (request.IncludeDuplicates || r.DuplicateOfId == null))
            .OrderBy(r => r.Id)
            .Select(r => new ExportRow(r.Id, r.ExternalId, r.ImportSource!.SourceName, r.ImportSource.FileName, r.SourceLine,
                r.DuplicateOfId, r.Title, r.Abstract, r.Authors, r.Year, r.Journal, r.Doi, r.Pmid, r.Keywords,
                r.ImportedLabelTitleAbstract, r.ImportedLabelFinal, RecordDecisions.None))
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            var full = row with
            {
                Decisions = decisions.GetValueOrDefault(row.Id, RecordDecisions.None) with
                {
                    LlmIncludeProbability = llmProbabilities.TryGetValue(row.Id, out var p) ? p : null,
                },
            };
            await (request.Format == RecordExportFormat.Csv ? RecordCsvWriter.WriteAsync(output, full) : RisWriter.WriteAsync(output, full));
            count++;
        }
        await output.FlushAsync(ct);
        return new ExportRecordsResult(review.Name, request.Format, count);
    }
}
