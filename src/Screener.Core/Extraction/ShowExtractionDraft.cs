using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.Extraction;

/// <summary>
/// One field as `extract show` prints it: the value that counts (the human's final value once verified, else the
/// draft), beside the draft value, evidence, confidence, flags and verification status.
/// </summary>
public sealed record DraftFieldShown(
    string FieldName, string Value, string DraftValue, string? FinalValue, bool NotReported, string? Evidence, double? Confidence,
    IReadOnlyList<string> Flags, FieldReviewStatus Status, int? Page = null);

public sealed record DraftShown(
    long RecordId, long DraftId, SuggestionStatus Status, string Model, string SourceKind, string? RawReply, string? Error,
    IReadOnlyList<DraftFieldShown> Fields);

/// <summary>A record's newest extraction draft, whatever became of it: parsed fields, or the reply that did not parse.</summary>
public static class ShowExtractionDraft
{
    public static async Task<DraftShown> RunAsync(ScreenerDbContext db, string reviewName, long recordId, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, ct);
        var draft = await db.ExtractionDrafts.AsNoTracking().Include(d => d.Fields)
            .Where(d => d.RecordId == recordId && db.Runs.Any(x => x.Id == d.RunId && x.ReviewId == review.Id))
            .OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct)
            ?? throw new ScreenerException($"record {recordId} has no extraction draft in review '{review.Name}': run `screener extract` first");
        var fields = draft.Fields.OrderBy(f => f.Id).Select(f =>
        {
            var final = f.FinalValueJson is null ? null : ExtractionValueParser.Display(f.FinalValueJson);
            var value = f.ReviewStatus switch
            {
                FieldReviewStatus.Draft => f.NotReported ? "not reported" : ExtractionValueParser.Display(f.ValueJson),
                FieldReviewStatus.Rejected => "rejected",
                _ => final ?? "",
            };
            return new DraftFieldShown(f.FieldName, value, ExtractionValueParser.Display(f.ValueJson), final, f.NotReported, f.Evidence,
                f.Confidence, f.Flags, f.ReviewStatus, f.Page);
        }).ToList();
        return new DraftShown(recordId, draft.Id, draft.Status, draft.Audit.Model, draft.SourceKind, draft.Audit.RawReply, draft.Audit.Error, fields);
    }

    /// <summary>The newest draft's field of that name: the one a human verifies (older drafts stay for audit).</summary>
    public static async Task<long> FieldIdAsync(ScreenerDbContext db, ReviewActor actor, long recordId, string fieldName, CancellationToken ct) =>
        await db.ExtractionFields
            .Where(f => f.RecordId == recordId && f.FieldName == fieldName && db.Records.Any(r => r.Id == f.RecordId && r.ReviewId == actor.ReviewId))
            .OrderByDescending(f => f.DraftId).Select(f => (long?)f.Id).FirstOrDefaultAsync(ct)
        ?? throw new ScreenerException($"record {recordId} has no draft for '{fieldName}': run `screener extract` first");
}
