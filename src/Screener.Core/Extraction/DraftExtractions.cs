using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Screener.Core.Decisions;
using Screener.Core.Jobs;
using Screener.Core.Llm;
using Screener.Core.Persistence;
using Screener.Core.Prompts;
using Screener.Core.Protocol;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Screening;

namespace Screener.Core.Extraction;

/// <summary>Which records: "included" (settled human include at title/abstract), "all" unique records, or ids "12,15".</summary>
public sealed record ExtractRequest(string ReviewName, string Records = "included", int? Limit = null, string? FullTextDirectory = null,
    bool RetryFailed = false, string Prompt = ExtractionPrompt.DefaultPrompt);

public sealed record ExtractResult(long RunId, string Model, int WorkItems, int Processed, int Drafted, int Unparseable, int Failed,
    int Pending, int FlaggedFields, long PromptTokens, long CompletionTokens, decimal Cost, double Seconds, IReadOnlyList<string> FailureSamples);

/// <summary>
/// Drafts one extraction row per record: a typed value, evidence and confidence per form field, each field
/// grounded and left for a human to accept, edit or reject. Same queue, resilience and audit as screening.
/// </summary>
public sealed class DraftExtractions(
    IDbContextFactory<ScreenerDbContext> dbFactory, LlmRunCoordinator coordinator, ChatClientSelector chatFor, PromptLibrary prompts,
    LlmOptions llm, IOptions<ScreeningOptions> screeningOptions, TimeProvider time)
{
    private int _flagged;

    public async Task<ExtractResult> RunAsync(ExtractRequest request, CancellationToken ct)
    {
        coordinator.EnsureConfigured();
        if (request.FullTextDirectory is { } dir && !Directory.Exists(dir))
            throw new ScreenerException($"full-text folder {dir} does not exist (it should hold one .txt file per record: record-ID.txt by Screener record id, or external-ID.txt by the imported id)");
        if (request.FullTextDirectory is { } texts) ExtractionSource.ThrowIfNoFileIsNamedForRecords(texts);
        var template = prompts.Get(request.Prompt);
        var (run, protocol) = await PrepareRunAsync(request, template, ct);
        var usage = LlmRunUsage.For(llm);
        var report = await coordinator.DrainAsync(run.Id, new LlmRunScope(null, request.Limit, request.RetryFailed), usage,
            (item, record, token) => DraftOneAsync(item, record, protocol, template, request.FullTextDirectory, usage, token), ct);
        var t = report.Usage;
        return new ExtractResult(run.Id, llm.Model, report.Counts.Total, (int)t.Calls, report.Stored, (int)t.Unparseable, (int)t.Failures,
            report.Waiting, _flagged, t.PromptTokens, t.CompletionTokens, t.Cost, report.Seconds, report.FailureSamples);
    }

    private async Task<(ScreeningRun Run, ReviewProtocol Protocol)> PrepareRunAsync(ExtractRequest request, PromptTemplate template, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, ct);
        ReviewLookup.EnsureWritable(review);
        if (protocol.ExtractionForm.Count == 0)
            throw new ScreenerException($"review '{review.Name}' has no extraction_form in its protocol: add the fields to extract");
        var settings = JsonSerializer.Serialize(new { prompt = template.Reference, promptHash = template.FileHash, model = llm.Model });
        var records = await SelectRecordsAsync(db, review.Id, request.Records, ct);
        var items = records.Select(r => new NewWorkItem(r.Id, ExtractionSlot, 1, IdempotencyKey(r, template, protocol, request.FullTextDirectory))).ToList();
        var run = await LlmRunCoordinator.StartAsync(db, new ScreeningRun
        {
            ReviewId = review.Id, ProtocolVersionId = review.CurrentProtocolVersionId!.Value, Stage = RunStage.Extraction,
            Status = RunStatus.Running, Provider = llm.Provider.ToString().ToLowerInvariant(), Model = llm.Model,
            SettingsJson = settings, CreatedAt = time.GetUtcNow(),
        }, items, ct);
        return (run, protocol);
    }

    /// <summary>Extraction has one reviewer: its work items all carry this slot.</summary>
    public const string ExtractionSlot = "extract";

    private string IdempotencyKey(Record record, PromptTemplate template, ReviewProtocol protocol, string? fullTextDirectory)
    {
        var source = ExtractionSource.For(record, fullTextDirectory);
        var sourceKey = source.Kind == ExtractionSource.Abstract ? "ab" : "ft" + ProtocolLoader.HashOf(source.Text)[..12];
        return $"extract:{record.Id}:{template.Reference}@{template.FileHash[..12]}:{llm.Model}:{protocol.Hash[..16]}:{sourceKey}";
    }

    private static async Task<List<Record>> SelectRecordsAsync(ScreenerDbContext db, long reviewId, string which, CancellationToken ct)
    {
        var unique = db.Records.AsNoTracking().Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null);
        switch (which.Trim().ToLowerInvariant())
        {
            case "all":
                return await unique.OrderBy(r => r.Id).ToListAsync(ct);
            case "included":
                var settled = await SettledDecisions.ForStageAsync(db, reviewId, ReviewStage.TitleAbstract, ct);
                var included = settled.Where(s => s.Value == ScreeningDecision.Include).Select(s => s.Key).ToList();
                if (included.Count == 0)
                    throw new ScreenerException("no records are included yet: settle title/abstract decisions first, or use --records all or --records ID,ID");
                return await unique.Where(r => included.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(ct);
            default:
                var ids = which.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
                        : throw new ScreenerException($"--records takes included, all, or record ids separated by commas; '{s}' is none of these"))
                    .ToList();
                var found = await unique.Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id).ToListAsync(ct);
                var missing = ids.Except(found.Select(r => r.Id)).ToList();
                if (missing.Count > 0)
                    throw new ScreenerException($"no unique record with id {string.Join(", ", missing)} in this review (merged duplicates point to their kept record)");
                return found;
        }
    }

    private async Task<WorkItemOutcome> DraftOneAsync(WorkItem item, Record record, ReviewProtocol protocol, PromptTemplate template, string? fullTextDirectory,
        LlmRunUsage usage, CancellationToken ct)
    {
        var source = ExtractionSource.For(record, fullTextDirectory);
        var rendered = ExtractionPrompt.Render(template, protocol, record, source);
        var options = new ChatOptions
        {
            ModelId = llm.Model, Temperature = 0, MaxOutputTokens = screeningOptions.Value.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(ExtractionReplySchema.For(protocol.ExtractionForm), ExtractionReplySchema.Name),
        };
        var result = await StructuredLlmCall.RunAsync(chatFor(llm.Model),
            [new ChatMessage(ChatRole.System, rendered.System), new ChatMessage(ChatRole.User, rendered.User)], options,
            text => ExtractionReplySchema.Parse(text, protocol.ExtractionForm), usage, ct);
        return Outcome(item, record, protocol, rendered, source, result);
    }

    private WorkItemOutcome Outcome(WorkItem item, Record record, ReviewProtocol protocol, RenderedPrompt rendered, ExtractionSource source,
        LlmCallResult<IReadOnlyList<ExtractedField>> result)
    {
        if (result.Status == LlmCallStatus.Failed) return WorkItemOutcome.Fail(result.FailureCause ?? "unknown failure");
        var draft = new ExtractionDraft
        {
            RunId = item.RunId, RecordId = record.Id, IdempotencyKey = item.IdempotencyKey,
            Status = result.IsSuccess ? SuggestionStatus.Parsed : SuggestionStatus.Unparseable, SourceKind = source.Kind,
            Audit = LlmCallAudit.Of(rendered, protocol.Hash, llm.Model, result, time.GetUtcNow()),
        };
        foreach (var answer in result.IsSuccess ? result.Value! : [])
        {
            var field = protocol.ExtractionForm.Single(f => f.Name == answer.Name);
            var flags = ExtractionGrounding.Flags(field, answer, source.Text);
            if (flags.Any(f => f != ExtractionGrounding.CheckRequired)) Interlocked.Increment(ref _flagged);
            draft.Fields.Add(new ExtractionDraftField
            {
                RecordId = record.Id, FieldName = answer.Name, ValueJson = answer.Value?.ToJsonString(), NotReported = answer.NotReported,
                Evidence = answer.Evidence, Confidence = answer.Confidence, Flags = flags, ReviewStatus = FieldReviewStatus.Draft,
            });
        }
        return WorkItemOutcome.Store(draft);
    }
}
