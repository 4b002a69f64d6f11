using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Exports;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.Extraction;

public sealed record ExtractionTableResult(int Studies, int Fields, int Verified, string Path);

/// <summary>
/// The review's extraction table: one row per study, one column per form field (the human's final value once
/// verified, else the draft), each with a status column (draft / accepted / edited / rejected / not reported), its flags,
/// and the page of the full text its evidence is on (empty when drafted from an abstract).
/// </summary>
public static class ExtractionTable
{
    public static async Task<ExtractionTableResult> ExportAsync(ScreenerDbContext db, string reviewName, string format, string path, CancellationToken ct)
    {
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, reviewName, ct);
        var drafts = await db.ExtractionDrafts.AsNoTracking().Include(d => d.Fields)
            .Where(d => d.Status == SuggestionStatus.Parsed && db.Runs.Any(r => r.Id == d.RunId && r.ReviewId == review.Id))
            .ToListAsync(ct);
        // The newest parsed draft per record is the row; older drafts stay in the database for audit.
        var latest = drafts.GroupBy(d => d.RecordId).Select(g => g.MaxBy(d => d.Id)!).OrderBy(d => d.RecordId).ToList();
        var ids = latest.Select(d => d.RecordId).ToList();
        var records = await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);

        var header = new List<string> { "record_id", "title", "year" };
        foreach (var f in protocol.ExtractionForm) header.AddRange([f.Name, f.Name + "_status", f.Name + "_flags", f.Name + "_page"]);
        var rows = latest.Select(d =>
        {
            var row = new List<object?> { d.RecordId, records[d.RecordId].Title, records[d.RecordId].Year };
            foreach (var f in protocol.ExtractionForm)
            {
                var field = d.Fields.SingleOrDefault(x => x.FieldName == f.Name);
                row.Add(field is null ? null : Value(field));
                row.Add(field is null ? "missing" : Status(field));
                row.Add(field is null ? null : string.Join(" ", field.Flags));
                row.Add(field?.Page);
            }
            return (IReadOnlyList<object?>)row;
        }).ToList();

        await using (var file = File.Create(path))
        {
            if (format.Equals("xlsx", StringComparison.OrdinalIgnoreCase)) XlsxWriter.Write(file, "extraction", header, rows);
            else if (format.Equals("csv", StringComparison.OrdinalIgnoreCase)) await WriteCsvAsync(file, header, rows, ct);
            else throw new ScreenerException($"extraction export format must be csv or xlsx, not '{format}'");
        }
        var all = latest.SelectMany(d => d.Fields).ToList();
        return new ExtractionTableResult(latest.Count, all.Count, all.Count(f => f.ReviewStatus != FieldReviewStatus.Draft), path);
    }

    private static object? Value(ExtractionDraftField field)
    {
        var json = field.ReviewStatus == FieldReviewStatus.Draft ? field.ValueJson : field.FinalValueJson;
        if (json is null) return field.NotReported && field.ReviewStatus is FieldReviewStatus.Draft or FieldReviewStatus.Accepted ? "not reported" : null;
        var node = JsonNode.Parse(json);
        return node is JsonValue v && v.TryGetValue(out double d) ? d : ExtractionValueParser.Display(json).ReplaceLineEndings("; ");
    }

    private static string Status(ExtractionDraftField field) => field.ReviewStatus switch
    {
        FieldReviewStatus.Draft => "draft",
        FieldReviewStatus.Accepted => "verified",
        FieldReviewStatus.Edited => "edited",
        _ => "rejected",
    };

    private static async Task WriteCsvAsync(Stream file, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(file, new UTF8Encoding(false));
        await CsvTableWriter.WriteRowAsync(writer, header, ct);
        foreach (var row in rows) await CsvTableWriter.WriteRowAsync(writer, row, ct);
    }
}
