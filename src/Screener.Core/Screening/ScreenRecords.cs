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

namespace Screener.Core.Screening;

public sealed record ScreenRequest(string ReviewName, int? Limit = null, string? Slot = null, bool RetryFailed = false);

public sealed record ScreenProgress(int Total, int Done, int Failed, int Unparseable, long PromptTokens, long CompletionTokens, decimal Cost, TimeSpan Elapsed);

public sealed record ScreenResult(
    long RunId, IReadOnlyList<string> Models, int WorkItems, int Processed, int Suggested, int Unparseable, int Failed,
    int Pending, int DoneTotal, int FailedTotal, long PromptTokens, long CompletionTokens, decimal Cost, double Seconds,
    IReadOnlyList<string> FailureSamples)
{
    /// <summary>The run as stored, over every invocation and worker (<see cref="ListRuns"/>); the counts above are this invocation's.</summary>
    public RunSummary? Stored { get; init; }
}

/// <summary>
/// Screens a review's unique records with every reviewer slot of its protocol, through the one LLM run coordinator
/// (resumable, crash-safe). What happens to one record is here: render, call, parse, assess; the decisions
/// (parsing, grounding, recall-first rule) are pure functions.
/// </summary>
public sealed class ScreenRecords(
    IDbContextFactory<ScreenerDbContext> dbFactory, LlmRunCoordinator coordinator, ChatClientSelector chatFor, PromptLibrary prompts,
    LlmOptions llm, IOptions<ScreeningOptions> screeningOptions, TimeProvider time)
{
    public async Task<ScreenResult> RunAsync(ScreenRequest request, IProgress<ScreenProgress>? progress, CancellationToken ct)
    {
        coordinator.EnsureConfigured();
        var (run, protocol, slots) = await StartRunAsync(request, ct);
        // --limit counts records: each has one item per slot and repeat, queued next to each other (ItemsAsync).
        var itemsPerRecord = slots.Sum(s => s.Repeats);
        return await DrainAsync(run.Id, protocol, slots,
            new LlmRunScope(request.Slot is null ? null : slots.Single().Slot, request.Limit * itemsPerRecord, request.RetryFailed), progress, ct);
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
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId, ct);
            await ReviewAccess.RequireWritableAsync(db, run.ReviewId, ct);
            var version = await db.ProtocolVersions.AsNoTracking().SingleAsync(v => v.Id == run.ProtocolVersionId, ct);
            protocol = await ReviewLookup.ProtocolVersionAsync(db, version.Id, version.Hash, version.SourcePath, ct);
            slots = ScreeningRunSettings.FromJson(run.SettingsJson);
            // Records imported since the run started join it while its protocol is still the review's current one.
            if (await db.Reviews.AnyAsync(r => r.Id == run.ReviewId && r.CurrentProtocolVersionId == run.ProtocolVersionId, ct))
                await WorkQueue.EnqueueAsync(db, runId, await ItemsAsync(db, run.ReviewId, slots, protocol, ct), ct);
        }
        foreach (var slot in slots.Where(s => prompts.Get(s.Prompt).FileHash != s.PromptHash))
            throw new ScreenerException($"run {runId}: the prompt file of slot '{slot.Slot}' ({slot.Prompt}) changed since the run started; released prompt versions must not be edited (add a new version)");
        return await DrainAsync(runId, protocol, slots, new LlmRunScope(), null, ct);
    }

    private async Task<(ScreeningRun Run, ReviewProtocol Protocol, List<SlotSettings> Slots)> StartRunAsync(ScreenRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, ct);
        ReviewLookup.EnsureWritable(review);
        var allSlots = ScreeningRunSettings.Resolve(protocol, prompts, llm.Model, null);
        var items = await ItemsAsync(db, review.Id, allSlots, protocol, ct);
        var run = await LlmRunCoordinator.StartAsync(db, new ScreeningRun
        {
            ReviewId = review.Id, ProtocolVersionId = review.CurrentProtocolVersionId!.Value, Stage = RunStage.Screening, Status = RunStatus.Running,
            Provider = llm.Provider.ToString().ToLowerInvariant(), Model = string.Join(",", allSlots.Select(s => s.Model).Distinct()),
            SettingsJson = ScreeningRunSettings.ToJson(allSlots), CreatedAt = time.GetUtcNow(),
        }, items, ct);
        return (run, protocol, ScreeningRunSettings.Resolve(protocol, prompts, llm.Model, request.Slot));
    }

    /// <summary>
    /// One work item per unique record, slot and repeat, a record's items next to each other: workers claim in queue
    /// order, so a partial run (--limit, Ctrl-C) leaves whole records screened by every slot, not one slot of many.
    /// </summary>
    private static async Task<List<NewWorkItem>> ItemsAsync(ScreenerDbContext db, long reviewId, List<SlotSettings> slots, ReviewProtocol protocol,
        CancellationToken ct)
    {
        var uniqueRecords = await db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null)
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        return uniqueRecords.SelectMany(id => slots.SelectMany(s => Enumerable.Range(1, s.Repeats).Select(rep =>
            new NewWorkItem(id, s.Slot, rep, s.IdempotencyKey(id, rep, protocol.Hash))))).ToList();
    }

    private async Task<ScreenResult> DrainAsync(long runId, ReviewProtocol protocol, List<SlotSettings> slots, LlmRunScope scope,
        IProgress<ScreenProgress>? progress, CancellationToken ct)
    {
        var usage = LlmRunUsage.For(llm);
        var replySchema = ScreeningReplySchema.For(protocol); // the same for every record of the run
        var started = time.GetTimestamp();
        int total;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            total = (await WorkQueue.CountAsync(db, runId, ct)).Total;
        var report = await coordinator.DrainAsync(runId, scope, usage, async (item, record, token) =>
        {
            var outcome = await ScreenOneAsync(item, record, protocol, replySchema, slots, usage, token);
            progress?.Report(ToProgress(total, usage.Totals, time.GetElapsedTime(started)));
            return outcome;
        }, ct);
        var t = report.Usage;
        return new ScreenResult(runId, slots.Select(s => s.Model).Distinct().ToList(), report.Counts.Total, (int)t.Calls, report.Stored,
            (int)t.Unparseable, (int)t.Failures, report.Waiting, report.Counts.Done, report.Counts.Failed, t.PromptTokens, t.CompletionTokens,
            t.Cost, report.Seconds, report.FailureSamples);
    }

    private async Task<WorkItemOutcome> ScreenOneAsync(
        WorkItem item, Record record, ReviewProtocol protocol, JsonElement replySchema, List<SlotSettings> slots, LlmRunUsage usage, CancellationToken ct)
    {
        var slot = slots.Single(s => s.Slot == item.Slot);
        var rendered = ScreeningPrompt.Render(prompts.Get(slot.Prompt), protocol, record);
        if (PromptTooLong(rendered, record) is { } tooLong) return WorkItemOutcome.Fail(tooLong);
        var options = new ChatOptions
        {
            ModelId = slot.Model, Temperature = (float)slot.Temperature, Seed = slot.Seed is { } seed ? seed + item.Repeat - 1 : null,
            MaxOutputTokens = screeningOptions.Value.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(replySchema, ScreeningReplySchema.Name),
        };
        var result = await StructuredLlmCall.RunAsync(chatFor(slot.Model),
            [new ChatMessage(ChatRole.System, rendered.System), new ChatMessage(ChatRole.User, rendered.User)], options,
            text => ScreeningReplySchema.Parse(text, protocol), usage, ct);
        return Outcome(item, record, protocol, slot, rendered, result);
    }

    private string? PromptTooLong(RenderedPrompt rendered, Record record)
    {
        var length = (long)rendered.System.Length + rendered.User.Length;
        var limit = screeningOptions.Value.MaxPromptCharacters;
        return length <= limit ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"record {record.Id}: the prompt would be {length:N0} characters (abstract {record.Abstract?.Length ?? 0:N0}), over Screening:MaxPromptCharacters {limit:N0}; not sent. Shorten the record's abstract or raise the limit, then screen with --retry-failed");
    }

    private WorkItemOutcome Outcome(WorkItem item, Record record, ReviewProtocol protocol, SlotSettings slot, RenderedPrompt rendered,
        LlmCallResult<ScreeningReply> result)
    {
        if (result.Status == LlmCallStatus.Failed) return WorkItemOutcome.Fail(result.FailureCause ?? "unknown failure");
        var assessed = result.IsSuccess ? ReplyAssessment.Assess(result.Value!, protocol, record) : null;
        return WorkItemOutcome.Store(new LlmSuggestion
        {
            RunId = item.RunId, RecordId = item.RecordId, Slot = item.Slot, Repeat = item.Repeat, IdempotencyKey = item.IdempotencyKey,
            Status = assessed is null ? SuggestionStatus.Unparseable : SuggestionStatus.Parsed,
            Decision = assessed?.Decision, Confidence = assessed?.Confidence, ExclusionReason = assessed?.ExclusionReason,
            Verdicts = assessed?.Verdicts.ToList() ?? [], Flags = assessed?.Flags.ToList() ?? [],
            Audit = LlmCallAudit.Of(rendered, protocol.Hash, slot.Model, result, time.GetUtcNow()),
        });
    }

    private static ScreenProgress ToProgress(int total, LlmUsageTotals t, TimeSpan elapsed) =>
        new(total, (int)t.Calls, (int)t.Failures, (int)t.Unparseable, t.PromptTokens, t.CompletionTokens, t.Cost, elapsed);
}
