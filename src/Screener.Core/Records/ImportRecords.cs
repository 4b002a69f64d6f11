using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Persistence;
using Screener.Core.Records.Formats;
using Screener.Core.Reviews;

namespace Screener.Core.Records;

public sealed record ImportRecordsRequest(string ReviewName, IReadOnlyList<string> Files, string? SourceName);

public enum ImportFileStatus
{
    Imported,
    AlreadyImported,
    Failed,
}

/// <summary>
/// One file's outcome. Errors lists the first <see cref="ImportRecords.MaxListedErrors"/> bad records; ErrorCount counts all.
/// Message: why it failed or was already imported, or for an imported file a warning that it yielded far fewer records than it seems to hold.
/// </summary>
public sealed record ImportFileResult(
    string File, ImportFileStatus Status, string? SourceName, RecordFileFormat? Format, int Records, int ErrorCount,
    IReadOnlyList<RecordReadError> Errors, string? Message);

public sealed record ImportRecordsResult(string Review, IReadOnlyList<ImportFileResult> Files)
{
    public int Imported => Files.Sum(f => f.Records);
    public bool AnyFailed => Files.Any(f => f.Status == ImportFileStatus.Failed);
}

/// <summary>
/// Imports search-export files into a review. Each file is one transaction: it imports whole (bad records
/// reported and skipped) or not at all; a file that cannot be read fails alone; a file already imported
/// (same SHA-256) adds nothing.
/// </summary>
public static class ImportRecords
{
    public const int MaxListedErrors = 50;

    public static async Task<ImportRecordsResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, ImportRecordsRequest request, CancellationToken ct)
    {
        var review = await ReviewLookup.FindWritableAsync(db, request.ReviewName, ct);
        var results = new List<ImportFileResult>();
        foreach (var file in request.Files)
        {
            try
            {
                results.Add(await ImportFileAsync(db, time, review.Id, file, request.SourceName, ct));
            }
            catch (Exception e) when (e is ScreenerException or IOException or UnauthorizedAccessException)
            {
                db.ChangeTracker.Clear();
                results.Add(new ImportFileResult(file, ImportFileStatus.Failed, request.SourceName, null, 0, 0, [], e.Message));
            }
        }
        return new ImportRecordsResult(review.Name, results);
    }

    private static async Task<ImportFileResult> ImportFileAsync(
        ScreenerDbContext db, TimeProvider time, long reviewId, string path, string? sourceName, CancellationToken ct)
    {
        // Before the hash: hashing /dev/zero or a FIFO never returns.
        InputFileCheck.ThrowIfUnreadable(path, InputFileCheck.MaxImportBytes, path);
        var hash = await HashAsync(path, ct);
        var previous = await db.ImportSources.AsNoTracking()
            .FirstOrDefaultAsync(s => s.ReviewId == reviewId && s.FileSha256 == hash, ct);
        if (previous is not null)
            return new ImportFileResult(path, ImportFileStatus.AlreadyImported, previous.SourceName, previous.Format, 0, 0, [],
                $"already imported on {previous.ImportedAt:yyyy-MM-dd} as '{previous.FileName}' ({previous.RecordCount} records); nothing added");

        var format = RecordFormats.Detect(path);
        var source = new ImportSource
        {
            ReviewId = reviewId, SourceName = sourceName ?? Path.GetFileNameWithoutExtension(path), FileName = Path.GetFileName(path),
            FileSha256 = hash, Format = format, ImportedAt = time.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ImportSources.Add(source);
        await db.SaveChangesAsync(ct);

        var errors = new List<RecordReadError>();
        var (records, errorCount, shortfall) = await CopyRecordsAsync(db, reviewId, source.Id, path, format, errors, ct);
        source.RecordCount = records;
        source.ErrorCount = errorCount;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new ImportFileResult(path, ImportFileStatus.Imported, source.SourceName, format, records, errorCount, errors, shortfall);
    }

    /// <summary>Copies the file's records; Shortfall says when it yielded far fewer than it seems to hold (<see cref="ImportYield"/>).</summary>
    private static async Task<(int Records, int Errors, string? Shortfall)> CopyRecordsAsync(ScreenerDbContext db, long reviewId, long sourceId,
        string path, RecordFileFormat format, List<RecordReadError> errors, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        int records = 0, errorCount = 0;
        using var lines = new LineSource(File.OpenRead(path), Path.GetFileName(path));
        await using (var writer = await RecordCopyWriter.StartAsync(connection, reviewId, sourceId, ct))
        {
            foreach (var result in RecordFormats.ReaderFor(format).Read(lines, ct))
            {
                if (result.Record is { } record)
                {
                    await writer.WriteAsync(record, ct);
                    records++;
                }
                else if (errorCount++ < MaxListedErrors) errors.Add(result.Error!);
            }
            await writer.CompleteAsync(ct);
        }
        return (records, errorCount, ImportYield.Shortfall(format, records, errorCount, lines.NonBlankLines, lines.RisStartLines));
    }

    private static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
