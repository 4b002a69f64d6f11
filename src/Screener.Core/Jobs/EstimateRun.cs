using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Screener.Core.Llm;
using Screener.Core.Persistence;
using Screener.Core.Prompts;
using Screener.Core.Records;

namespace Screener.Core.Jobs;

/// <summary>
/// One kind of call of a run to estimate: a screening slot (or extraction), with the records it still has to do (and how
/// many calls each: its pending repeats), and the caller's own prompt builder, the one the real run calls.
/// </summary>
public sealed record EstimateGroup(
    string Name, string Model, PromptTemplate Prompt, IReadOnlyList<(Record Record, int Calls)> Work,
    Func<Record, IReadOnlyList<ChatMessage>> Messages, string ReplySchemaJson);

public sealed record GroupEstimate(
    string Name, string Model, string Prompt, int Records, int Calls, long PromptTokens, string PromptTokensCounted, bool Exact,
    double OutputTokensPerCall, string OutputTokensFrom, long OutputTokens, decimal? Cost, double? MeanLatencyMs);

/// <summary>What a run would cost before any call is made. Cost is null when a model has no price in Llm:Prices.</summary>
public sealed record RunEstimate(
    string Stage, string ReviewName, int Records, int Calls, long PromptTokens, long OutputTokens, decimal? Cost,
    IReadOnlyList<string> UnpricedModels, double? Minutes, string TimeFrom, IReadOnlyList<GroupEstimate> Groups);

/// <summary>
/// The estimate of an LLM run (`screen --estimate`, `extract --estimate`): calls = pending records x slots x repeats;
/// prompt tokens counted per record on the prompts the run would send (<see cref="PromptTokenCounter"/>); output tokens
/// the mean of the stored calls with the same prompt version and model, else the length of the reply schema; cost from
/// Llm:Prices (input rate: a prompt-cache discount is not assumed); time from the rate limits and concurrency.
/// Makes no LLM call.
/// </summary>
public static class EstimateRun
{
    /// <summary>The items the real run would work on now: not yet stored, not failed (unless retried), the first N records with --limit.</summary>
    public static async Task<List<NewWorkItem>> PendingAsync(
        ScreenerDbContext db, IReadOnlyList<NewWorkItem> items, bool retryFailed, int? recordLimit, CancellationToken ct)
    {
        var keys = items.Select(i => i.IdempotencyKey).ToArray();
        var skip = new HashSet<string>(await db.Suggestions.Where(s => keys.Contains(s.IdempotencyKey)).Select(s => s.IdempotencyKey).ToListAsync(ct), StringComparer.Ordinal);
        skip.UnionWith(await db.ExtractionDrafts.Where(d => keys.Contains(d.IdempotencyKey)).Select(d => d.IdempotencyKey).ToListAsync(ct));
        if (!retryFailed)
            skip.UnionWith(await db.WorkItems.Where(w => keys.Contains(w.IdempotencyKey) && w.Status == WorkItemStatus.Failed)
                .Select(w => w.IdempotencyKey).ToListAsync(ct));
        var pending = items.Where(i => !skip.Contains(i.IdempotencyKey)).ToList();
        if (recordLimit is not { } limit) return pending;
        var first = pending.Select(i => i.RecordId).Distinct().Take(limit).ToHashSet();
        return pending.Where(i => first.Contains(i.RecordId)).ToList();
    }

    public static async Task<RunEstimate> EstimateAsync(
        ScreenerDbContext db, LlmOptions llm, Func<string, IChatClient?> chatFor, RunStage stage, string reviewName,
        IReadOnlyList<EstimateGroup> groups, CancellationToken ct)
    {
        var estimates = new List<GroupEstimate>();
        foreach (var group in groups)
            estimates.Add(await EstimateGroupAsync(db, llm, chatFor(group.Model), stage, group, ct));
        var calls = estimates.Sum(e => e.Calls);
        var promptTokens = estimates.Sum(e => e.PromptTokens);
        var outputTokens = estimates.Sum(e => e.OutputTokens);
        var unpriced = estimates.Where(e => e.Cost is null && e.Calls > 0).Select(e => e.Model).Distinct().ToList();
        var (minutes, timeFrom) = Duration(llm, estimates);
        return new RunEstimate(stage.ToString(), reviewName, groups.SelectMany(g => g.Work.Select(w => w.Record.Id)).Distinct().Count(), calls,
            promptTokens, outputTokens, unpriced.Count > 0 ? null : estimates.Sum(e => e.Cost ?? 0m), unpriced, minutes, timeFrom, estimates);
    }

    private static async Task<GroupEstimate> EstimateGroupAsync(
        ScreenerDbContext db, LlmOptions llm, IChatClient? chat, RunStage stage, EstimateGroup group, CancellationToken ct)
    {
        var counter = PromptTokenCounter.For(group.Model, chat);
        long promptTokens = 0;
        foreach (var (record, calls) in group.Work) promptTokens += (long)counter.Count(group.Messages(record)) * calls;
        var callCount = group.Work.Sum(w => w.Calls);

        var stored = await StoredCallsAsync(db, stage, group.Prompt, group.Model, ct);
        var (perCall, from) = stored.Count > 0
            ? (stored.MeanOutputTokens, string.Create(CultureInfo.InvariantCulture, $"mean of {stored.Count} stored calls of {group.Prompt.Reference} with {group.Model}"))
            : (counter.CountText(group.ReplySchemaJson), "no stored calls: the length of the reply schema");
        var outputTokens = (long)Math.Round(perCall * callCount);
        var price = LlmCost.PriceFor(llm.Prices, group.Model);
        var cost = price is null ? (decimal?)null : LlmCost.Compute(price, promptTokens, outputTokens);
        return new GroupEstimate(group.Name, group.Model, group.Prompt.Reference, group.Work.Count, callCount, promptTokens, counter.Method,
            counter.Exact, Math.Round(perCall, 1), from, outputTokens, cost, stored.Count > 0 ? stored.MeanLatencyMs : null);
    }

    private sealed record StoredCalls(int Count, double MeanOutputTokens, double MeanLatencyMs);

    private static Task<StoredCalls> StoredCallsAsync(ScreenerDbContext db, RunStage stage, PromptTemplate prompt, string model, CancellationToken ct) =>
        stage is RunStage.Screening or RunStage.FullTextScreening
            ? FiguresAsync(db.Suggestions.Where(s => s.Audit.PromptId == prompt.Id && s.Audit.PromptVersion == prompt.Version
                && s.Audit.Model == model && s.Audit.Error == null && s.Audit.CompletionTokens > 0).Select(s => new CallFigure { Tokens = s.Audit.CompletionTokens, LatencyMs = s.Audit.LatencyMs }), ct)
            : FiguresAsync(db.ExtractionDrafts.Where(d => d.Audit.PromptId == prompt.Id && d.Audit.PromptVersion == prompt.Version
                && d.Audit.Model == model && d.Audit.Error == null && d.Audit.CompletionTokens > 0).Select(d => new CallFigure { Tokens = d.Audit.CompletionTokens, LatencyMs = d.Audit.LatencyMs }), ct);

    private sealed class CallFigure
    {
        public int Tokens { get; init; }
        public int LatencyMs { get; init; }
    }

    private static async Task<StoredCalls> FiguresAsync(IQueryable<CallFigure> calls, CancellationToken ct)
    {
        var count = await calls.CountAsync(ct);
        return count == 0
            ? new StoredCalls(0, 0, 0)
            : new StoredCalls(count, await calls.AverageAsync(c => (double)c.Tokens, ct), await calls.AverageAsync(c => (double)c.LatencyMs, ct));
    }

    /// <summary>The slowest of what bounds the run: requests and tokens per minute, and latency over concurrency.</summary>
    private static (double? Minutes, string From) Duration(LlmOptions llm, IReadOnlyList<GroupEstimate> groups)
    {
        var calls = groups.Sum(g => g.Calls);
        var bounds = new List<(double Minutes, string From)>();
        if (llm.RequestsPerMinute > 0) bounds.Add((calls / (double)llm.RequestsPerMinute, "Llm:RequestsPerMinute"));
        if (llm.TokensPerMinute > 0)
            bounds.Add((groups.Sum(g => g.PromptTokens + g.OutputTokens) / (double)llm.TokensPerMinute, "Llm:TokensPerMinute"));
        var timed = groups.Where(g => g.MeanLatencyMs is not null && g.Calls > 0).ToList();
        if (timed.Count > 0)
            bounds.Add((timed.Sum(g => g.Calls * g.MeanLatencyMs!.Value) / 60_000.0 / Math.Max(1, llm.MaxConcurrency),
                "mean latency of stored calls over Llm:MaxConcurrency"));
        if (calls == 0) return (0, "nothing to do");
        return bounds.Count == 0
            ? (null, "unknown: no stored calls to time and no Llm:RequestsPerMinute or Llm:TokensPerMinute set")
            : bounds.MaxBy(b => b.Minutes);
    }
}
