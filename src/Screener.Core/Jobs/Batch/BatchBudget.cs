using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Screener.Core.Llm;
using Screener.Core.Persistence;

namespace Screener.Core.Jobs.Batch;

/// <summary>
/// The run's cost limit (--max-cost, Llm:MaxCostPerRun) on the batch route. Online, a run stops claiming once it has
/// cost the limit; a batch, once sent, cannot be stopped, so here the limit is applied before sending: each collected
/// request is priced at the model's batch rate (<see cref="ModelPrice.BatchInputRate"/>: Llm:Prices:NAME:BatchInput, by
/// default half the online price, as OpenAI and Azure OpenAI charge) and only the items whose requests fit under the
/// limit, with what the run has cost so far, are sent. Prompt tokens are counted as `--estimate` counts them
/// (<see cref="PromptTokenCounter"/>); output tokens are the mean of the run's stored replies from the model, else,
/// as `--estimate` does without stored calls, the length of the reply schema the request carries.
/// </summary>
internal sealed class BatchBudget
{
    private readonly LlmOptions _llm;
    private readonly IReadOnlyDictionary<string, double> _meanOutputTokens;
    private readonly ConcurrentDictionary<string, PromptTokenCounter> _counters = new(StringComparer.Ordinal);

    private BatchBudget(decimal maxCost, decimal spent, LlmOptions llm, IReadOnlyDictionary<string, double> meanOutputTokens)
    {
        MaxCost = maxCost;
        Spent = spent;
        _llm = llm;
        _meanOutputTokens = meanOutputTokens;
    }

    public decimal MaxCost { get; }

    /// <summary>What the run has cost before this invocation (its stored outputs, every invocation and worker).</summary>
    public decimal Spent { get; }

    public bool Reached => Spent >= MaxCost;

    /// <summary>The run's budget, or null when it has no cost limit.</summary>
    public static async Task<BatchBudget?> ForRunAsync(ScreenerDbContext db, long runId, decimal? maxCost, LlmOptions llm, CancellationToken ct)
    {
        if (maxCost is not { } max) return null;
        // A run is either screening or extraction: one of the two lists is empty.
        var suggestions = await db.Suggestions.Where(s => s.RunId == runId && s.Audit.Error == null && s.Audit.CompletionTokens > 0)
            .GroupBy(s => s.Audit.Model).Select(g => new { Model = g.Key, Mean = g.Average(s => (double)s.Audit.CompletionTokens) }).ToListAsync(ct);
        var drafts = await db.ExtractionDrafts.Where(d => d.RunId == runId && d.Audit.Error == null && d.Audit.CompletionTokens > 0)
            .GroupBy(d => d.Audit.Model).Select(g => new { Model = g.Key, Mean = g.Average(d => (double)d.Audit.CompletionTokens) }).ToListAsync(ct);
        var means = suggestions.Concat(drafts).ToDictionary(m => m.Model, m => m.Mean, StringComparer.Ordinal);
        return new BatchBudget(max, await LlmRunCoordinator.RunCostAsync(db, runId, ct), llm, means);
    }

    /// <summary>What the chat completion <paramref name="request"/> would cost through the Batch API (0 for a model without a price).</summary>
    public decimal CostOf(JsonObject request)
    {
        var model = request["model"]?.GetValue<string>() ?? _llm.Model;
        var price = LlmCost.PriceFor(_llm.Prices, model);
        if (price is null) return 0m;
        var counter = _counters.GetOrAdd(model, m => PromptTokenCounter.For(m, null));
        var promptTokens = counter.Count(Messages(request));
        var outputTokens = _meanOutputTokens.TryGetValue(model, out var mean)
            ? Math.Round(mean)
            : request["response_format"]?["json_schema"]?["schema"] is { } schema
                ? counter.CountText(schema.ToJsonString())
                : TokenEstimate.CompletionTokens(request, _llm.CompletionTokensEstimate);
        return LlmCost.Compute(price, promptTokens, (long)outputTokens, batch: true);
    }

    /// <summary>
    /// How many of the requests, in order, fit under the limit on top of what the run has cost; none once the run has
    /// reached it (as the online route claims nothing more then).
    /// </summary>
    public static int Fitting(IReadOnlyList<decimal> costs, decimal maxCost, decimal spent)
    {
        if (spent >= maxCost) return 0;
        var total = spent;
        for (var i = 0; i < costs.Count; i++)
        {
            total += costs[i];
            if (total > maxCost) return i;
        }
        return costs.Count;
    }

    private static List<ChatMessage> Messages(JsonObject request) =>
        (request["messages"] as JsonArray ?? []).OfType<JsonObject>().Select(m => new ChatMessage(
            new ChatRole(m["role"]?.GetValue<string>() ?? "user"),
            m["content"] switch
            {
                JsonValue text => text.GetValue<string>(),
                JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
                _ => "",
            })).ToList();
}
