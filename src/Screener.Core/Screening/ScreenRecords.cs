using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
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
    IReadOnlyList<string> FailureSamples);

/// <summary>
/// Screens a review's unique records with every reviewer slot of its protocol. Work items make it resumable:
/// a crash, Ctrl-C or a second worker never loses or repeats a suggestion. Side effects all happen here;
/// the decisions (parsing, grounding, recall-first rule) are pure functions.
/// </summary>
public sealed class ScreenRecords(
    IDbContextFactory<ScreenerDbContext> dbFactory, ChatClientSelector chatFor, PromptLibrary prompts, LlmOptions llm,
    IOptions<ScreeningOptions> screeningOptions, IOptions<JobOptions> jobOptions, TimeProvider time, ILogger<ScreenRecords> logger)
{
    private readonly WorkRunner _runner = new(dbFactory, jobOptions.Value, logger);

    public async Task<ScreenResult> RunAsync(ScreenRequest request, IProgress<ScreenProgress>? progress, CancellationToken ct)
    {
        if (!llm.IsConfigured)
            throw new ScreenerException(ScreenerServices.NoLlmConfigured);
        var (run, protocol, slots) = await PrepareRunAsync(request, ct);
        var usage = LlmRunUsage.For(llm);
        var replySchema = ScreeningReplySchema.For(protocol); // the same for every record of the run
        var started = time.GetTimestamp();
        var total = 0;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (request.RetryFailed) await WorkQueue.RetryFailedAsync(db, run.Id, ct);
            total = (await WorkQueue.CountAsync(db, run.Id, ct)).Total;
        }
        await _runner.RunAsync(run.Id, request.Slot is null ? null : request.Slot + "#", request.Limit, llm.MaxConcurrency,
            async (item, record, token) =>
            {
                var outcome = await ScreenOneAsync(item, record, protocol, replySchema, slots, usage, token);
                progress?.Report(ToProgress(total, usage.Totals, time.GetElapsedTime(started)));
                return outcome;
            }, ct);

        await using var end = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var counts = await RunLedger.SettleAsync(end, run.Id, time, CancellationToken.None);
        var t = usage.Totals;
        return new ScreenResult(run.Id, slots.Select(s => s.Model).Distinct().ToList(), counts.Total, (int)t.Calls, (int)(t.Parsed + t.Repaired),
            (int)t.Unparseable, (int)t.Failures, counts.Pending + counts.Running, counts.Done, counts.Failed, t.PromptTokens, t.CompletionTokens,
            t.Cost, time.GetElapsedTime(started).TotalSeconds, usage.FailureSamples);
    }

    private async Task<(ScreeningRun Run, ReviewProtocol Protocol, List<SlotSettings> Slots)> PrepareRunAsync(ScreenRequest request, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, ct);
        var allSlots = ScreeningRunSettings.Resolve(protocol, prompts, llm.Model, null);
        var settingsJson = ScreeningRunSettings.ToJson(allSlots);
        var versionId = review.CurrentProtocolVersionId!.Value;
        var run = await RunLedger.FindOrCreateAsync(db, new ScreeningRun
        {
            ReviewId = review.Id, ProtocolVersionId = versionId, Stage = RunStage.Screening, Status = RunStatus.Running,
            Provider = llm.Provider.ToString().ToLowerInvariant(), Model = string.Join(",", allSlots.Select(s => s.Model).Distinct()),
            SettingsJson = settingsJson, CreatedAt = time.GetUtcNow(),
        }, ct);
        var uniqueRecords = await db.Records.Where(r => r.ReviewId == review.Id && r.DuplicateOfId == null)
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        var items = allSlots.SelectMany(s => Enumerable.Range(1, s.Repeats).SelectMany(rep => uniqueRecords.Select(id =>
            new NewWorkItem(id, $"{s.Slot}#{rep}", s.IdempotencyKey(id, rep, protocol.Hash))))).ToList();
        await WorkQueue.EnqueueAsync(db, run.Id, items, ct);
        return (run, protocol, ScreeningRunSettings.Resolve(protocol, prompts, llm.Model, request.Slot));
    }

    private async Task<WorkItemOutcome> ScreenOneAsync(
        WorkItem item, Record record, ReviewProtocol protocol, JsonElement replySchema, List<SlotSettings> slots, LlmRunUsage usage, CancellationToken ct)
    {
        var slotName = item.Slot[..item.Slot.IndexOf('#', StringComparison.Ordinal)];
        var repeat = int.Parse(item.Slot[(slotName.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var slot = slots.Single(s => s.Slot == slotName);
        var rendered = ScreeningPrompt.Render(prompts.Get(slot.Prompt), protocol, record);
        if (PromptTooLong(rendered, record) is { } tooLong) return WorkItemOutcome.Fail(tooLong);
        var options = new ChatOptions
        {
            ModelId = slot.Model, Temperature = (float)slot.Temperature, Seed = slot.Seed is { } seed ? seed + repeat - 1 : null,
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
            RunId = item.RunId, RecordId = item.RecordId, Slot = item.Slot, IdempotencyKey = item.IdempotencyKey,
            Status = assessed is null ? SuggestionStatus.Unparseable : SuggestionStatus.Parsed,
            Decision = assessed?.Decision, Confidence = assessed?.Confidence, ExclusionReason = assessed?.ExclusionReason,
            VerdictsJson = assessed is null ? "[]" : CriterionVerdict.Serialize(assessed.Verdicts),
            Flags = assessed?.Flags.ToList() ?? [], ProtocolHash = protocol.Hash,
            PromptId = rendered.PromptId, PromptVersion = rendered.Version, PromptHash = rendered.PromptHash,
            RenderedPromptHash = rendered.RenderedHash, Model = slot.Model, ParametersJson = result.ParametersJson,
            RawReply = result.AuditText, PromptTokens = (int)result.PromptTokens, CompletionTokens = (int)result.CompletionTokens,
            Cost = result.Cost, LatencyMs = (int)result.LatencyMs, Attempts = Math.Max(result.HttpAttempts, result.ModelCalls), Error = result.Error, CreatedAt = time.GetUtcNow(),
        });
    }

    private static ScreenProgress ToProgress(int total, LlmUsageTotals t, TimeSpan elapsed) =>
        new(total, (int)t.Calls, (int)t.Failures, (int)t.Unparseable, t.PromptTokens, t.CompletionTokens, t.Cost, elapsed);
}
