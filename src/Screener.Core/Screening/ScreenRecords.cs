using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Screener.Core.Jobs;
using Screener.Core.Llm;
using Screener.Core.Persistence;
using Screener.Core.Prompts;
using Screener.Core.Protocol;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.Screening;

/// <param name="Stage">Title/abstract (every unique record), or full text (records included at title/abstract that have a text).</param>
/// <param name="Batch">Through the provider's Batch API: submit the pending items, or poll and store the open batches.</param>
public sealed record ScreenRequest(string ReviewName, int? Limit = null, string? Slot = null, bool RetryFailed = false,
    Vocabulary.ReviewStage Stage = Vocabulary.ReviewStage.TitleAbstract, decimal? MaxCost = null, bool Batch = false);

/// <summary>What `screen` knows before it claims work: the models to check, and why a person should confirm (empty: no need).</summary>
public sealed record ScreenPreflight(IReadOnlyList<ModelOnProvider> Models, ScreeningStartFacts Facts, IReadOnlyList<string> Confirmations);

/// <summary>Where a run stands while it works: Done counts the run's items done before this invocation too; DoneNow only this invocation's.</summary>
public sealed record ScreenProgress(int Total, int Done, int Failed, int Unparseable, long PromptTokens, long CompletionTokens, decimal Cost, TimeSpan Elapsed)
{
    public int DoneNow { get; init; }
}

public sealed record ScreenResult(
    long RunId, IReadOnlyList<string> Models, int WorkItems, int Processed, int Suggested, int Unparseable, int Failed,
    int Pending, int DoneTotal, int FailedTotal, long PromptTokens, long CompletionTokens, decimal Cost, double Seconds,
    IReadOnlyList<string> FailureSamples)
{
    /// <summary>The run as stored, over every invocation and worker (<see cref="ListRuns"/>); the counts above are this invocation's.</summary>
    public RunSummary? Stored { get; init; }

    /// <summary>Set when the run's cost limit (Llm:MaxCostPerRun or --max-cost) stopped this invocation with work left.</summary>
    public BudgetStop? Budget { get; init; }

    /// <summary>Set when this invocation went through the Batch API.</summary>
    public Jobs.Batch.BatchProgress? Batch { get; init; }
}

/// <summary>
/// Screens a review's unique records with every reviewer slot of its protocol, through the one LLM run coordinator
/// (resumable, crash-safe). What happens to one record is here: render, call, parse, assess; the decisions
/// (parsing, grounding, recall-first rule) are pure functions. At full text the run is its own (stage
/// <see cref="RunStage.FullTextScreening"/>), over the records included at title/abstract that have a readable text,
/// with the paper (or its chunks most relevant to each criterion) in the prompt and every quote grounded on its page.
/// </summary>
public sealed class ScreenRecords(
    IDbContextFactory<ScreenerDbContext> dbFactory, LlmRunCoordinator coordinator, ChatClientSelector chatFor, PromptLibrary prompts,
    LlmOptions llm, IOptions<ScreeningOptions> screeningOptions, TimeProvider time, IEmbeddingGenerator<string, Embedding<float>>? embeddings = null)
{
    public async Task<ScreenResult> RunAsync(ScreenRequest request, IProgress<ScreenProgress>? progress, CancellationToken ct)
    {
        coordinator.EnsureConfigured();
        var (run, protocol, slots) = await StartRunAsync(request, ct);
        // --limit counts records: each has one item per slot and repeat, queued next to each other (ItemsAsync).
        var itemsPerRecord = slots.Sum(s => s.Repeats);
        return await DrainAsync(run.Id, run.Stage, protocol, slots,
            new LlmRunScope(request.Slot is null ? null : slots.Single().Slot, request.Limit * itemsPerRecord, request.RetryFailed, request.MaxCost, request.Batch), progress, ct);
    }

    /// <summary>
    /// Continues a run under the protocol version and slot settings it was started with (the web's standing worker):
    /// a run made under an older protocol or another model is finished as it was, not left pending.
    /// </summary>
    public async Task<ScreenResult> ContinueRunAsync(long runId, CancellationToken ct)
    {
        coordinator.EnsureConfigured();
        ReviewProtocol protocol;
        List<SlotSettings> slots;
        RunStage stage;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId, ct);
            stage = run.Stage;
            await ReviewAccess.RequireWritableAsync(db, run.ReviewId, ct);
            var version = await db.ProtocolVersions.AsNoTracking().SingleAsync(v => v.Id == run.ProtocolVersionId, ct);
            protocol = await ReviewLookup.ProtocolVersionAsync(db, version.Id, version.Hash, version.SourcePath, ct);
            slots = ScreeningRunSettings.FromJson(run.SettingsJson);
            // Records imported since the run started join it while its protocol is still the review's current one.
            if (await db.Reviews.AnyAsync(r => r.Id == run.ReviewId && r.CurrentProtocolVersionId == run.ProtocolVersionId, ct))
                await WorkQueue.EnqueueAsync(db, runId, await ItemsAsync(db, run.ReviewId, slots, protocol, stage, ct), ct);
        }
        foreach (var slot in slots.Where(s => prompts.Get(s.Prompt).FileHash != s.PromptHash))
            throw new ScreenerException($"run {runId}: the prompt file of slot '{slot.Slot}' ({slot.Prompt}) changed since the run started; released prompt versions must not be edited (add a new version)");
        return await DrainAsync(runId, stage, protocol, slots, new LlmRunScope(), null, ct);
    }

    /// <summary>
    /// What `screen` with this request would cost, without any LLM call: the items the run would queue, less those
    /// stored or failed, each rendered by the prompt code the run itself uses (<see cref="Messages"/>).
    /// </summary>
    public async Task<RunEstimate> EstimateAsync(ScreenRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, ct);
        var stage = RunStages.ScreeningOf(request.Stage);
        var fullText = stage == RunStage.FullTextScreening;
        var slots = ScreeningRunSettings.Resolve(protocol, prompts, llm, request.Slot, stage);
        var pending = await EstimateRun.PendingAsync(db, await ItemsAsync(db, review.Id, slots, protocol, stage, ct), request.RetryFailed, request.Limit, ct);
        var ids = pending.Select(i => i.RecordId).Distinct().ToList();
        var records = await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var schema = (fullText ? ScreeningReplySchema.For(protocol.Eligibility(Vocabulary.ReviewStage.FullText), true) : ScreeningReplySchema.For(protocol)).GetRawText();
        // A full-text prompt is assembled per record from its stored pages (or, for a long paper, its chunks most
        // relevant to each criterion) by the code the run calls, so the count is of what would be sent.
        var fullTextMessages = new Dictionary<(string Prompt, long RecordId), ChatMessage[]>();
        if (fullText)
            foreach (var slot in slots)
                foreach (var id in pending.Where(i => i.Slot == slot.Slot).Select(i => i.RecordId).Distinct())
                    if (await FullTextScreeningPrompt.PrepareAsync(db, prompts.Get(slot.Prompt), protocol, records[id], screeningOptions.Value, embeddings, ct) is { } input)
                        fullTextMessages[(slot.Prompt, id)] = ToMessages(input.Rendered);
        var groups = slots.Select(slot => new EstimateGroup(slot.Slot, slot.Model, prompts.Get(slot.Prompt),
            pending.Where(i => i.Slot == slot.Slot).GroupBy(i => i.RecordId).Select(g => (records[g.Key], g.Count())).ToList(),
            record => fullText ? fullTextMessages.GetValueOrDefault((slot.Prompt, record.Id), []) : Messages(slot, protocol, record).Messages, schema)).ToList();
        return await EstimateRun.EstimateAsync(db, llm, model => llm.IsConfigured ? chatFor(model) : null, stage, review.Name, groups, ct);
    }

    /// <summary>
    /// What `screen` checks before it claims work: the models it would call now (none when nothing is pending), for the
    /// endpoint check, and whether a person should confirm the start first (<see cref="ScreeningConfirmations"/>).
    /// </summary>
    public async Task<ScreenPreflight> PreflightAsync(ScreenRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, ct);
        var stage = RunStages.ScreeningOf(request.Stage);
        var slots = ScreeningRunSettings.Resolve(protocol, prompts, llm, request.Slot, stage);
        var items = await ItemsAsync(db, review.Id, slots, protocol, stage, ct);
        var unscreened = await EstimateRun.PendingAsync(db, items, retryFailed: true, recordLimit: null, ct);
        var pending = await EstimateRun.PendingAsync(db, items, request.RetryFailed, request.Limit, ct);
        var runs = await db.Runs.Where(r => r.ReviewId == review.Id && r.Stage == stage)
            .Select(r => new { r.Id, r.ProtocolVersionId }).ToListAsync(ct);
        var facts = new ScreeningStartFacts(review.Name, review.DeduplicatedAt,
            await db.ImportSources.Where(s => s.ReviewId == review.Id).MaxAsync(s => (DateTimeOffset?)s.ImportedAt, ct),
            runs.Where(r => r.ProtocolVersionId != review.CurrentProtocolVersionId).Select(r => (long?)r.Id).Max(),
            runs.Any(r => r.ProtocolVersionId == review.CurrentProtocolVersionId), pending.Count, pending.Select(i => i.RecordId).Distinct().Count(),
            unscreened.Select(i => i.RecordId).Distinct().Count(), items.Select(i => i.RecordId).Distinct().Count());
        var models = slots.Where(s => pending.Any(i => i.Slot == s.Slot)).Select(s => new ModelOnProvider(s.Provider, s.Model)).Distinct().ToList();
        return new ScreenPreflight(models, facts, ScreeningConfirmations.Reasons(facts));
    }

    /// <summary>The messages one record is screened with, by one slot: what is sent, and what the estimate counts.</summary>
    private (RenderedPrompt Rendered, ChatMessage[] Messages) Messages(SlotSettings slot, ReviewProtocol protocol, Record record)
    {
        var rendered = ScreeningPrompt.Render(prompts.Get(slot.Prompt), protocol, record);
        return (rendered, ToMessages(rendered));
    }

    private static ChatMessage[] ToMessages(RenderedPrompt rendered) =>
        [new ChatMessage(ChatRole.System, rendered.System), new ChatMessage(ChatRole.User, rendered.User)];

    private async Task<(ScreeningRun Run, ReviewProtocol Protocol, List<SlotSettings> Slots)> StartRunAsync(ScreenRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, ct);
        ReviewLookup.EnsureWritable(review);
        var stage = RunStages.ScreeningOf(request.Stage);
        var allSlots = ScreeningRunSettings.Resolve(protocol, prompts, llm, null, stage);
        var items = await ItemsAsync(db, review.Id, allSlots, protocol, stage, ct);
        var run = await LlmRunCoordinator.StartAsync(db, new ScreeningRun
        {
            ReviewId = review.Id, ProtocolVersionId = review.CurrentProtocolVersionId!.Value, Stage = stage, Status = RunStatus.Running,
            Provider = llm.Provider.ToString().ToLowerInvariant(), Model = string.Join(",", allSlots.Select(s => s.Model).Distinct()),
            SettingsJson = ScreeningRunSettings.ToJson(allSlots), CreatedAt = time.GetUtcNow(),
        }, items, ct);
        return (run, protocol, ScreeningRunSettings.Resolve(protocol, prompts, llm, request.Slot, stage));
    }

    /// <summary>
    /// One work item per unique record, slot and repeat, a record's items next to each other: workers claim in queue
    /// order, so a partial run (--limit, Ctrl-C) leaves whole records screened by every slot, not one slot of many.
    /// </summary>
    private static async Task<List<NewWorkItem>> ItemsAsync(ScreenerDbContext db, long reviewId, List<SlotSettings> slots, ReviewProtocol protocol,
        RunStage stage, CancellationToken ct)
    {
        var uniqueRecords = await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null)
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        if (stage == RunStage.FullTextScreening)
        {
            // Records that reach full text and have a text to read; one attached or included later joins on the next run.
            var entered = await Decisions.FullTextEntry.RecordIdsAsync(db, reviewId, ct);
            var withText = await FullText.RecordFullTexts.RecordsWithTextAsync(db, reviewId, ct);
            uniqueRecords = uniqueRecords.Where(id => entered.Contains(id) && withText.Contains(id)).ToList();
        }
        return uniqueRecords.SelectMany(id => slots.SelectMany(s => Enumerable.Range(1, s.Repeats).Select(rep =>
            new NewWorkItem(id, s.Slot, rep, s.IdempotencyKey(id, rep, protocol.Hash, stage))))).ToList();
    }

    private async Task<ScreenResult> DrainAsync(long runId, RunStage stage, ReviewProtocol protocol, List<SlotSettings> slots, LlmRunScope scope,
        IProgress<ScreenProgress>? progress, CancellationToken ct)
    {
        var usage = LlmRunUsage.For(llm);
        var fullText = stage == RunStage.FullTextScreening;
        // The same for every record of the run.
        var replySchema = ScreeningReplySchema.For(protocol.Eligibility(fullText ? Vocabulary.ReviewStage.FullText : Vocabulary.ReviewStage.TitleAbstract), fullText);
        var started = time.GetTimestamp();
        QueueCounts before;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            before = await WorkQueue.CountAsync(db, runId, ct);
        var report = await coordinator.DrainAsync(runId, scope, usage, async (item, record, token) =>
        {
            var outcome = fullText
                ? await ScreenFullTextAsync(item, record, protocol, replySchema, slots, usage, token)
                : await ScreenOneAsync(item, record, protocol, replySchema, slots, usage, token);
            progress?.Report(ToProgress(before, usage.Totals, time.GetElapsedTime(started)));
            return outcome;
        }, ct);
        var t = report.Usage;
        return new ScreenResult(runId, slots.Select(s => s.Model).Distinct().ToList(), report.Counts.Total, (int)t.Calls, report.Stored,
            (int)t.Unparseable, (int)t.Failures, report.Waiting, report.Counts.Done, report.Counts.Failed, t.PromptTokens, t.CompletionTokens,
            t.Cost, report.Seconds, report.FailureSamples)
        { Budget = report.Budget, Batch = report.Batch };
    }

    private async Task<WorkItemOutcome> ScreenOneAsync(
        WorkItem item, Record record, ReviewProtocol protocol, JsonElement replySchema, List<SlotSettings> slots, LlmRunUsage usage, CancellationToken ct)
    {
        var slot = slots.Single(s => s.Slot == item.Slot);
        var (rendered, _) = Messages(slot, protocol, record);
        if (PromptTooLong(rendered, record) is { } tooLong) return WorkItemOutcome.Fail(tooLong);
        var result = await CallAsync(item, slot, rendered, replySchema, text => ScreeningReplySchema.Parse(text, protocol), usage, ct);
        if (result.Status == LlmCallStatus.Failed) return WorkItemOutcome.Fail(result.FailureCause ?? "unknown failure");
        return Store(item, result.IsSuccess ? ReplyAssessment.Assess(result.Value!, protocol, record) : null,
            LlmCallAudit.Of(rendered, protocol.Hash, slot.Model, result, time.GetUtcNow()));
    }

    private async Task<WorkItemOutcome> ScreenFullTextAsync(
        WorkItem item, Record record, ReviewProtocol protocol, JsonElement replySchema, List<SlotSettings> slots, LlmRunUsage usage, CancellationToken ct)
    {
        var slot = slots.Single(s => s.Slot == item.Slot);
        FullTextScreeningInput? input;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            input = await FullTextScreeningPrompt.PrepareAsync(db, prompts.Get(slot.Prompt), protocol, record, screeningOptions.Value, embeddings, ct);
        if (input is null)
            return WorkItemOutcome.Fail($"record {record.Id}: no readable full text is attached any more; attach one with `screener fulltext attach`, then screen with --retry-failed");
        if (PromptTooLong(input.Rendered, record) is { } tooLong) return WorkItemOutcome.Fail(tooLong);
        var eligibility = protocol.Eligibility(Vocabulary.ReviewStage.FullText);
        var result = await CallAsync(item, slot, input.Rendered, replySchema, text => ScreeningReplySchema.Parse(text, eligibility, withPages: true), usage, ct);
        if (result.Status == LlmCallStatus.Failed) return WorkItemOutcome.Fail(result.FailureCause ?? "unknown failure");
        var audit = LlmCallAudit.Of(input.Rendered, protocol.Hash, slot.Model, result, time.GetUtcNow());
        audit.SourcePassagesJson = input.Passages.AuditJson;
        return Store(item, result.IsSuccess ? ReplyAssessment.AssessFullText(result.Value!, eligibility, input.Pages) : null, audit);
    }

    private Task<LlmCallResult<ScreeningReply>> CallAsync(WorkItem item, SlotSettings slot, RenderedPrompt rendered, JsonElement replySchema,
        Func<string, ParseResult<ScreeningReply>> parse, LlmRunUsage usage, CancellationToken ct)
    {
        var options = new ChatOptions
        {
            ModelId = slot.Model, Temperature = (float)slot.Temperature, Seed = slot.Seed is { } seed ? seed + item.Repeat - 1 : null,
            MaxOutputTokens = screeningOptions.Value.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(replySchema, ScreeningReplySchema.Name),
        };
        return StructuredLlmCall.RunAsync(chatFor(slot.Model, slot.Provider),
            ToMessages(rendered), options, parse, usage, ct);
    }

    private string? PromptTooLong(RenderedPrompt rendered, Record record)
    {
        var length = (long)rendered.System.Length + rendered.User.Length;
        var limit = screeningOptions.Value.MaxPromptCharacters;
        return length <= limit ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"record {record.Id}: the prompt would be {length:N0} characters (abstract {record.Abstract?.Length ?? 0:N0}), over Screening:MaxPromptCharacters {limit:N0}; not sent. Shorten the record's abstract or raise the limit, then screen with --retry-failed");
    }

    private static WorkItemOutcome Store(WorkItem item, AssessedReply? assessed, LlmCallAudit audit) =>
        WorkItemOutcome.Store(new LlmSuggestion
        {
            RunId = item.RunId, RecordId = item.RecordId, Slot = item.Slot, Repeat = item.Repeat, IdempotencyKey = item.IdempotencyKey,
            Status = assessed is null ? SuggestionStatus.Unparseable : SuggestionStatus.Parsed,
            Decision = assessed?.Decision, Confidence = assessed?.Confidence, ExclusionReason = assessed?.ExclusionReason,
            Verdicts = assessed?.Verdicts.ToList() ?? [], Flags = assessed?.Flags.ToList() ?? [], Audit = audit,
        });

    private static ScreenProgress ToProgress(QueueCounts before, LlmUsageTotals t, TimeSpan elapsed) =>
        new(before.Total, Math.Min(before.Total, before.Done + before.Failed + (int)t.Calls), (int)t.Failures, (int)t.Unparseable, t.PromptTokens, t.CompletionTokens, t.Cost, elapsed)
        {
            DoneNow = (int)t.Calls,
        };
}
