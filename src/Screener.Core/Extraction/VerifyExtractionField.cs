using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Protocol;
using Screener.Core.Reviews;

namespace Screener.Core.Extraction;

public enum VerificationAction
{
    Accept,
    Edit,
    Reject,
}

public sealed record VerifyFieldRequest(string ReviewName, long RecordId, string FieldName, VerificationAction Action, string? EditedValue, string ReviewerName);

public sealed record VerifyFieldResult(long FieldId, long RecordId, string FieldName, string Status, string? DraftValueJson, string? FinalValueJson, string VerifiedBy);

/// <summary>A human accepts, edits or rejects one drafted field; the draft stays as it was, beside the final value and who decided.</summary>
public static class VerifyExtractionField
{
    public static async Task<VerifyFieldResult> RunAsync(ScreenerDbContext db, TimeProvider time, VerifyFieldRequest request, CancellationToken ct)
    {
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, ct);
        var form = protocol.ExtractionForm.SingleOrDefault(f => f.Name == request.FieldName)
            ?? throw new ScreenerException($"no field '{request.FieldName}' in the extraction form (fields: {string.Join(", ", protocol.ExtractionForm.Select(f => f.Name))})");
        var field = await db.ExtractionFields
            .Where(f => f.RecordId == request.RecordId && f.FieldName == request.FieldName)
            .Where(f => db.ExtractionDrafts.Any(d => d.Id == f.DraftId && db.Runs.Any(r => r.Id == d.RunId && r.ReviewId == review.Id)))
            .OrderByDescending(f => f.DraftId).FirstOrDefaultAsync(ct)
            ?? throw new ScreenerException($"record {request.RecordId} has no draft for '{request.FieldName}': run `screener extract` first");
        var reviewer = await ReviewerAccounts.FindOrCreateAsync(db, time, request.ReviewerName, ct);

        (field.ReviewStatus, field.FinalValueJson) = request.Action switch
        {
            VerificationAction.Accept => (FieldReviewStatus.Accepted, field.ValueJson),
            VerificationAction.Reject => (FieldReviewStatus.Rejected, null),
            _ => (FieldReviewStatus.Edited, ParseTyped(form, request.EditedValue ?? throw new ScreenerException("--edit needs the corrected value"))),
        };
        field.VerifiedById = reviewer.Id;
        field.VerifiedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new VerifyFieldResult(field.Id, field.RecordId, field.FieldName, field.ReviewStatus.ToString(), field.ValueJson, field.FinalValueJson, reviewer.UserName);
    }

    /// <summary>A human's typed correction: checked against the field's type and allowed values; "not reported" is explicit.</summary>
    public static string? ParseTyped(ExtractionField field, string text)
    {
        var t = text.Trim();
        if (t.Equals("not reported", StringComparison.OrdinalIgnoreCase)) return null;
        JsonNode? node = field.Type switch
        {
            FieldType.Integer => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i) : null,
            FieldType.Number => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : null,
            FieldType.Boolean => bool.TryParse(t, out var b) ? JsonValue.Create(b) : null,
            FieldType.Enum => field.AllowedValues.FirstOrDefault(v => v.Equals(t, StringComparison.OrdinalIgnoreCase)) is { } v ? JsonValue.Create(v) : null,
            FieldType.List => new JsonArray(t.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
            _ => JsonValue.Create(t),
        };
        return node?.ToJsonString() ?? throw new ScreenerException(field.Type == FieldType.Enum
            ? $"'{t}' is not an allowed value of {field.Name} ({string.Join(", ", field.AllowedValues)})"
            : $"'{t}' is not a valid {field.Type.ToString().ToLowerInvariant()} for {field.Name} (or say \"not reported\")");
    }
}
