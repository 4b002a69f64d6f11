using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Extraction;

public enum FieldVerification
{
    Accept,
    Edit,
    Reject,
}

public sealed record VerifyFieldRequest(long FieldId, FieldVerification Action, string? EditedValue);

public sealed record VerifyFieldResult(long FieldId, string FieldName, FieldReviewStatus Status, string? FinalValueJson);

/// <summary>
/// A human's verdict on one drafted field: accept keeps the draft value, edit replaces it with a value typed to the
/// form, reject records that the draft is wrong and leaves no value. The last verdict counts; who and when are kept.
/// </summary>
public static class VerifyExtractionField
{
    public static async Task<VerifyFieldResult> RunAsync(
        ScreenerDbContext db, TimeProvider time, ReviewActor actor, VerifyFieldRequest request, CancellationToken cancellationToken)
    {
        await ReviewAccess.RequireWritableAsync(db, actor.ReviewId, cancellationToken);
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        var field = await db.ExtractionFields
            .SingleOrDefaultAsync(f => f.Id == request.FieldId && db.Records.Any(r => r.Id == f.RecordId && r.ReviewId == actor.ReviewId), cancellationToken)
            ?? throw new NotFoundException($"no extraction field {request.FieldId} in this review");
        if (!Enum.IsDefined(request.Action)) throw new InvalidInputException("action", "must be accept, edit or reject");
        switch (request.Action)
        {
            case FieldVerification.Accept:
                field.ReviewStatus = FieldReviewStatus.Accepted;
                field.FinalValueJson = field.ValueJson;
                break;
            case FieldVerification.Edit:
                var spec = protocol.ExtractionForm.SingleOrDefault(f => f.Name == field.FieldName)
                    ?? throw new ConflictException($"field '{field.FieldName}' is no longer in the protocol's extraction form");
                field.FinalValueJson = ExtractionValueParser.Parse(spec, request.EditedValue ?? "");
                field.ReviewStatus = FieldReviewStatus.Edited;
                break;
            default:
                field.ReviewStatus = FieldReviewStatus.Rejected;
                field.FinalValueJson = null;
                break;
        }
        field.VerifiedById = actor.ReviewerId;
        field.VerifiedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new VerifyFieldResult(field.Id, field.FieldName, field.ReviewStatus, field.FinalValueJson);
    }
}
