using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Screener.Core.Decisions;
using Screener.Core.FullText;
using Screener.Core.Jobs;
using Screener.Core.Llm;
using Screener.Core.Persistence;
using Screener.Core.Prompts;
using Screener.Core.Protocol;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;

namespace Screener.Core.Extraction;

/// <summary>Which records: "included" (settled human include at title/abstract), "all" unique records, or ids "12,15".</summary>
/// <param name="Source">"auto" (the stored full text where one is attached, else the abstract), "fulltext" (only records with a
/// stored text) or "abstract". A <paramref name="FullTextDirectory"/> of text files, when given, is read instead of stored texts.</param>
public sealed record ExtractRequest(string ReviewName, string Records = "included", int? Limit = null, string? FullTextDirectory = null,
    bool RetryFailed = false, string Prompt = ExtractionPrompt.DefaultPrompt, string Source = ExtractRequest.AutoSource, decimal? MaxCost = null,
    bool Batch = false)
{
    public const string AutoSource = "auto";
    public const string FullTextSource = "fulltext";
    public const string AbstractSource = "abstract";
}

public sealed record ExtractResult(long RunId, string Model, int WorkItems, int Processed, int Drafted, int Unparseable, int Failed,
    int Pending, int FlaggedFields, long PromptTokens, long CompletionTokens, decimal Cost, double Seconds, IReadOnlyList<string> FailureSamples)
{
    /// <summary>Set when the run's cost limit (Llm:MaxCostPerRun or --max-cost) stopped this invocation with work left.</summary>
    public BudgetStop? Budget { get; init; }

    /// <summary>Set when this invocation went through the Batch API.</summary>
    public Jobs.Batch.BatchProgress? Batch { get; init; }
}

/// <summary>
/// Drafts one extraction row per record: a typed value, evidence and confidence per form field, each field
/// grounded and left for a human to accept, edit or reject. Same queue, resilience and audit as screening.
/// </summary>
public sealed class DraftExtractions(
    IDbContextFactory<ScreenerDbContext> dbFactory, LlmRunCoordinator coordinator, ChatClientSelector chatFor, PromptLibrary prompts,
    LlmOptions llm, IOptions<ScreeningOptions> screeningOptions, TimeProvider time, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
{
    private int _flagged;

    public async Task<ExtractResult> RunAsync(ExtractRequest request, CancellationToken ct)
    {
        coordinator.EnsureConfigured();
        if (request.FullTextDirectory is { } dir && !Directory.Exists(dir))
            throw new ScreenerException($"full-text folder {dir} does not exist (it should hold one .txt file per record: record-ID.txt by Screener record id, or external-ID.txt by the imported id)");
        if (request.FullTextDirectory is { } texts) ExtractionSource.ThrowIfNoFileIsNamedForRecords(texts);
        if (request.Source is not (ExtractRequest.AutoSource or ExtractRequest.FullTextSource or ExtractRequest.AbstractSource))
            throw new ScreenerException($"--source '{request.Source}' is not known; use fulltext, abstract or auto (the full text where one is attached, else the abstract)");
        var storedTexts = request.FullTextDirectory is null && request.Source != ExtractRequest.AbstractSource;
        var template = prompts.Get(request.Prompt);
        var (run, protocol) = await PrepareRunAsync(request, template, ct);
        var usage = LlmRunUsage.For(llm);
        var report = await coordinator.DrainAsync(run.Id, new LlmRunScope(null, request.Limit, request.RetryFailed, request.MaxCost, request.Batch), usage,
            async (item, record, token) => storedTexts && await StoredTextAsync(record.Id, token) is { } text
                ? await DraftFromFullTextAsync(item, record, protocol, text, usage, token)
                : await DraftOneAsync(item, record, protocol, template, request.FullTextDirectory, usage, token), ct);
        var t = report.Usage;
        return new ExtractResult(run.Id, llm.Model, report.Counts.Total, (int)t.Calls, report.Stored, (int)t.Unparseable, (int)t.Failures,
            report.Waiting, _flagged, t.PromptTokens, t.CompletionTokens, t.Cost, report.Seconds, report.FailureSamples)
        { Budget = report.Budget, Batch = report.Batch };
    }

    /// <summary>
    /// What `extract` with this request would cost, without any LLM call, on the prompts the run would send: the same
    /// work items as the run, and for a record drafted from its stored full text the full-text prompt (its whole text,
    /// or the chunks most relevant to each field) as the run assembles it.
    /// </summary>
    public async Task<RunEstimate> EstimateAsync(ExtractRequest request, CancellationToken ct)
    {
        var template = prompts.Get(request.Prompt);
        var fullTextTemplate = prompts.Get(ExtractionPrompt.FullTextPrompt);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, ct);
        if (protocol.ExtractionForm.Count == 0)
            throw new ScreenerException($"review '{review.Name}' has no extraction_form in its protocol: add the fields to extract");
        var (records, files, items) = await WorkAsync(db, review.Id, protocol, template, request, ct);
        var pending = (await EstimateRun.PendingAsync(db, items, request.RetryFailed, request.Limit, ct)).Select(i => i.RecordId).ToHashSet();
        var fromFullText = new Dictionary<long, ChatMessage[]>();
        foreach (var record in records.Where(r => pending.Contains(r.Id) && files.ContainsKey(r.Id)))
            if (await RecordFullTexts.ForRecordAsync(db, record.Id, ct) is { Status: FullTextStatus.Text, Pages.Count: > 0 } text)
                fromFullText[record.Id] = ToMessages((await FullTextPromptAsync(db, record, protocol, text, ct)).Rendered);
        var abstractGroup = new EstimateGroup(ExtractionSlot, llm.Model, template,
            records.Where(r => pending.Contains(r.Id) && !fromFullText.ContainsKey(r.Id)).Select(r => (r, 1)).ToList(),
            record => Messages(template, protocol, record, ExtractionSource.For(record, request.FullTextDirectory)).Messages,
            ExtractionReplySchema.For(protocol.ExtractionForm).GetRawText());
        var fullTextGroup = new EstimateGroup(ExtractionSlot + " (full text)", llm.Model, fullTextTemplate,
            records.Where(r => fromFullText.ContainsKey(r.Id)).Select(r => (r, 1)).ToList(),
            record => fromFullText[record.Id], ExtractionReplySchema.For(protocol.ExtractionForm, withPages: true).GetRawText());
        EstimateGroup[] groups = fullTextGroup.Work.Count == 0 ? [abstractGroup] : abstractGroup.Work.Count == 0 ? [fullTextGroup] : [abstractGroup, fullTextGroup];
        return await EstimateRun.EstimateAsync(db, llm, model => llm.IsConfigured ? chatFor(model) : null, RunStage.Extraction, review.Name, groups, ct);
    }

    /// <summary>
    /// The records a run drafts, the stored full-text file each would be drafted from (none with --source abstract or a
    /// --fulltext folder), and one work item per record keyed by what it is drafted from: a new text is new work.
    /// </summary>
    private async Task<(List<Record> Records, Dictionary<long, long> Files, List<NewWorkItem> Items)> WorkAsync(
        ScreenerDbContext db, long reviewId, ReviewProtocol protocol, PromptTemplate template, ExtractRequest request, CancellationToken ct)
    {
        var records = await SelectRecordsAsync(db, reviewId, request.Records, ct);
        var files = request.FullTextDirectory is null && request.Source != ExtractRequest.AbstractSource
            ? await db.FullTextDocuments.Where(d => d.ReviewId == reviewId && d.Status == FullTextStatus.Text).ToDictionaryAsync(d => d.RecordId, d => d.FileId, ct)
            : [];
        if (request.Source == ExtractRequest.FullTextSource)
        {
            records = records.Where(r => files.ContainsKey(r.Id)).ToList();
            if (records.Count == 0)
                throw new ScreenerException("none of these records has a readable full text attached: attach them with `screener fulltext attach`, or use --source auto");
        }
        var items = records.Select(r => new NewWorkItem(r.Id, ExtractionSlot, 1, files.TryGetValue(r.Id, out var file)
            ? $"extract:{r.Id}:{ExtractionPrompt.FullTextPrompt}@{prompts.Get(ExtractionPrompt.FullTextPrompt).FileHash[..12]}:{llm.Model}:{protocol.Hash[..16]}:ftfile{file}"
            : IdempotencyKey(r, template, protocol, request.FullTextDirectory))).ToList();
        return (records, files, items);
    }

    /// <summary>The messages a record is drafted with: what is sent, and what the estimate counts.</summary>
    private static (RenderedPrompt Rendered, ChatMessage[] Messages) Messages(PromptTemplate template, ReviewProtocol protocol, Record record, ExtractionSource source)
    {
        var rendered = ExtractionPrompt.Render(template, protocol, record, source);
        return (rendered, ToMessages(rendered));
    }

    private static ChatMessage[] ToMessages(RenderedPrompt rendered) =>
        [new ChatMessage(ChatRole.System, rendered.System), new ChatMessage(ChatRole.User, rendered.User)];

    private async Task<(ScreeningRun Run, ReviewProtocol Protocol)> PrepareRunAsync(ExtractRequest request, PromptTemplate template, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, ct);
        ReviewLookup.EnsureWritable(review);
        if (protocol.ExtractionForm.Count == 0)
            throw new ScreenerException($"review '{review.Name}' has no extraction_form in its protocol: add the fields to extract");
        var settings = request.FullTextDirectory is null && request.Source != ExtractRequest.AbstractSource
            ? JsonSerializer.Serialize(new
            {
                prompt = template.Reference, promptHash = template.FileHash, model = llm.Model, fullTextPrompt = ExtractionPrompt.FullTextPrompt,
                fullTextPromptHash = prompts.Get(ExtractionPrompt.FullTextPrompt).FileHash
            })
            : JsonSerializer.Serialize(new { prompt = template.Reference, promptHash = template.FileHash, model = llm.Model });
        var (_, _, items) = await WorkAsync(db, review.Id, protocol, template, request, ct);
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
        var (rendered, messages) = Messages(template, protocol, record, source);
        var options = new ChatOptions
        {
            ModelId = llm.Model, Temperature = 0, MaxOutputTokens = screeningOptions.Value.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(ExtractionReplySchema.For(protocol.ExtractionForm), ExtractionReplySchema.Name),
        };
        var result = await StructuredLlmCall.RunAsync(chatFor(llm.Model), messages, options,
            text => ExtractionReplySchema.Parse(text, protocol.ExtractionForm), usage, ct);
        return Outcome(item, record, protocol, rendered, source, result);
    }

    private async Task<RecordFullText?> StoredTextAsync(long recordId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RecordFullTexts.ForRecordAsync(db, recordId, ct) is { Status: FullTextStatus.Text, Pages.Count: > 0 } text ? text : null;
    }

    /// <summary>The full-text extraction prompt of a record: its whole text within Screening:FullTextCharacters, else the chunks most relevant to each field.</summary>
    private async Task<(RenderedPrompt Rendered, FullTextPassages Passages)> FullTextPromptAsync(
        ScreenerDbContext db, Record record, ReviewProtocol protocol, RecordFullText text, CancellationToken ct)
    {
        var budget = screeningOptions.Value.FullTextCharacters;
        var passages = FullTextPassages.WholeTextWithin(text.Pages, budget);
        if (passages is null)
        {
            var perField = new List<IReadOnlyList<RelevantChunk>>();
            foreach (var field in protocol.ExtractionForm)
                perField.Add(await RelevantChunks.FindAsync(db, record.Id, ExtractionPrompt.FieldQuery(field), screeningOptions.Value.ChunksPerCriterion, embeddings, ct));
            passages = FullTextPassages.FromChunks(perField, budget, text.Pages.Count, "field");
        }
        return (ExtractionPrompt.RenderFullText(prompts.Get(ExtractionPrompt.FullTextPrompt), protocol, record, passages), passages);
    }

    /// <summary>
    /// From the stored full text: the whole paper when it fits Screening:FullTextCharacters, else the chunks most relevant
    /// to each field; every answer cites its page, and its quote and numbers are checked on that page.
    /// </summary>
    private async Task<WorkItemOutcome> DraftFromFullTextAsync(WorkItem item, Record record, ReviewProtocol protocol, RecordFullText text,
        LlmRunUsage usage, CancellationToken ct)
    {
        RenderedPrompt rendered;
        FullTextPassages passages;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            (rendered, passages) = await FullTextPromptAsync(db, record, protocol, text, ct);
        var options = new ChatOptions
        {
            ModelId = llm.Model, Temperature = 0, MaxOutputTokens = screeningOptions.Value.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(ExtractionReplySchema.For(protocol.ExtractionForm, withPages: true), ExtractionReplySchema.Name),
        };
        var result = await StructuredLlmCall.RunAsync(chatFor(llm.Model), ToMessages(rendered), options,
            reply => ExtractionReplySchema.Parse(reply, protocol.ExtractionForm, withPages: true), usage, ct);
        if (result.Status == LlmCallStatus.Failed) return WorkItemOutcome.Fail(result.FailureCause ?? "unknown failure");
        var audit = LlmCallAudit.Of(rendered, protocol.Hash, llm.Model, result, time.GetUtcNow());
        audit.SourcePassagesJson = passages.AuditJson;
        var pages = text.Pages.ToDictionary(p => p.PageNumber, p => p.Text);
        return Store(item, record, protocol.ExtractionForm, result, $"full text ({text.FileName})", audit,
            (field, answer) => ExtractionGrounding.FlagsOnPage(field, answer, pages));
    }

    private WorkItemOutcome Outcome(WorkItem item, Record record, ReviewProtocol protocol, RenderedPrompt rendered, ExtractionSource source,
        LlmCallResult<IReadOnlyList<ExtractedField>> result)
    {
        if (result.Status == LlmCallStatus.Failed) return WorkItemOutcome.Fail(result.FailureCause ?? "unknown failure");
        return Store(item, record, protocol.ExtractionForm, result, source.Kind, LlmCallAudit.Of(rendered, protocol.Hash, llm.Model, result, time.GetUtcNow()),
            (field, answer) => ExtractionGrounding.Flags(field, answer, source.Text));
    }

    private WorkItemOutcome Store(WorkItem item, Record record, IReadOnlyList<ExtractionField> form, LlmCallResult<IReadOnlyList<ExtractedField>> result,
        string sourceKind, LlmCallAudit audit, Func<ExtractionField, ExtractedField, List<string>> flagsOf)
    {
        var draft = new ExtractionDraft
        {
            RunId = item.RunId, RecordId = record.Id, IdempotencyKey = item.IdempotencyKey,
            Status = result.IsSuccess ? SuggestionStatus.Parsed : SuggestionStatus.Unparseable, SourceKind = sourceKind, Audit = audit,
        };
        foreach (var answer in result.IsSuccess ? result.Value! : [])
        {
            var field = form.Single(f => f.Name == answer.Name);
            var flags = flagsOf(field, answer);
            if (flags.Any(f => f != ExtractionGrounding.CheckRequired)) Interlocked.Increment(ref _flagged);
            draft.Fields.Add(new ExtractionDraftField
            {
                RecordId = record.Id, FieldName = answer.Name, ValueJson = answer.Value?.ToJsonString(), NotReported = answer.NotReported,
                Evidence = answer.Evidence, Page = answer.NotReported ? null : answer.Page, Confidence = answer.Confidence, Flags = flags,
                ReviewStatus = FieldReviewStatus.Draft,
            });
        }
        return WorkItemOutcome.Store(draft);
    }
}
