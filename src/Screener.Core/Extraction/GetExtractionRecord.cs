using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Extraction;

public sealed record ExtractionFieldView(
    long FieldId, string FieldName, string Type, string Description, bool Required, string DraftValue, bool NotReported,
    string? Evidence, double? Confidence, IReadOnlyList<string> Flags, FieldReviewStatus Status, string? FinalValue, IReadOnlyList<string> AllowedValues,
    int? Page = null);

/// <param name="Pages">The full-text pages the draft's values cite, in order (none for a draft from the abstract): the
/// verification screen shows each value's quote highlighted on its page.</param>
public sealed record ExtractionRecordView(long RecordId, string Title, string? Abstract, string SourceKind, IReadOnlyList<ExtractionFieldView> Fields,
    IReadOnlyList<FullText.FullTextPageText>? Pages = null);

public sealed record ExtractionRecordSummary(long RecordId, string Title, int Fields, int Verified);

/// <summary>The latest parsed extraction draft of a record, field by field, as a reviewer verifies it.</summary>
public static class GetExtractionRecord
{
    public static async Task<ExtractionRecordView> RunAsync(ScreenerDbContext db, ReviewActor actor, long recordId, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        var record = await db.Records.AsNoTracking().SingleOrDefaultAsync(r => r.Id == recordId && r.ReviewId == actor.ReviewId, cancellationToken)
            ?? throw new NotFoundException($"no record {recordId} in this review");
        var draft = await db.ExtractionDrafts.AsNoTracking().Include(d => d.Fields)
            .Where(d => d.RecordId == recordId && d.Status == Vocabulary.SuggestionStatus.Parsed)
            .OrderByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"record {recordId} has no extraction draft: run `screener extract` first");
        var form = protocol.ExtractionForm.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var fields = draft.Fields
            .OrderBy(f => form.Keys.ToList().IndexOf(f.FieldName) is var i and >= 0 ? i : int.MaxValue).ThenBy(f => f.FieldName)
            .Select(f =>
            {
                var spec = form.GetValueOrDefault(f.FieldName);
                return new ExtractionFieldView(f.Id, f.FieldName, spec?.Type.ToString().ToLowerInvariant() ?? "text", spec?.Description ?? "",
                    spec?.Required ?? false, ExtractionValueParser.Display(f.ValueJson), f.NotReported, f.Evidence, f.Confidence, f.Flags,
                    f.ReviewStatus, f.FinalValueJson is null ? null : ExtractionValueParser.Display(f.FinalValueJson), spec?.AllowedValues ?? [], f.Page);
            }).ToList();
        var cited = fields.Where(f => f.Page is not null).Select(f => f.Page!.Value).ToHashSet();
        var pages = cited.Count == 0 ? []
            : (await FullText.RecordFullTexts.ForRecordAsync(db, recordId, cancellationToken))?.Pages.Where(p => cited.Contains(p.PageNumber)).ToList() ?? [];
        return new ExtractionRecordView(record.Id, record.Title, record.Abstract, ShownSourceKind(draft.SourceKind), fields, pages);
    }

    /// <summary>Records with a parsed draft, with how many of their fields a human has verified.</summary>
    public static async Task<IReadOnlyList<ExtractionRecordSummary>> ListAsync(ScreenerDbContext db, ReviewActor actor, CancellationToken cancellationToken)
    {
        var rows = await db.ExtractionFields.AsNoTracking()
            .Where(f => db.ExtractionDrafts.Any(d => d.Id == f.DraftId && d.Status == Vocabulary.SuggestionStatus.Parsed
                && !db.ExtractionDrafts.Any(n => n.RecordId == d.RecordId && n.Status == Vocabulary.SuggestionStatus.Parsed && n.Id > d.Id)))
            .Join(db.Records.Where(r => r.ReviewId == actor.ReviewId), f => f.RecordId, r => r.Id, (f, r) => new { r.Id, r.Title, f.ReviewStatus })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.Id, r.Title)).OrderBy(g => g.Key.Id)
            .Select(g => new ExtractionRecordSummary(g.Key.Id, g.Key.Title, g.Count(), g.Count(x => x.ReviewStatus != FieldReviewStatus.Draft))).ToList();
    }

    /// <summary>Drafts made before full-text kinds held only a file name stored the server path: show its file name only.</summary>
    internal static string ShownSourceKind(string kind) =>
        kind == ExtractionSource.Abstract || kind.StartsWith("full text (", StringComparison.Ordinal) ? kind : $"full text ({Path.GetFileName(kind)})";
}
