using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Persistence;
using Screener.Core.Reviews;

namespace Screener.Core.Jobs;

/// <summary>
/// One LLM run of a review with what it has cost so far. Tokens and cost are summed from the stored outputs'
/// audits (<see cref="LlmCallAudit"/>), so they count every invocation and worker that took part, not just one.
/// </summary>
public sealed record RunSummary(
    long RunId, string Stage, string Status, IReadOnlyList<string> Models, IReadOnlyList<string> Prompts,
    int Total, int Done, int Failed, int Pending, int Outputs, long PromptTokens, long CompletionTokens, decimal Cost,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>The part of <see cref="PromptTokens"/> the provider served from its prompt cache.</summary>
    public long CachedPromptTokens { get; init; }
}

/// <summary>A review's LLM runs (screening and extraction), oldest first; with a run id, only that run.</summary>
public static class ListRuns
{
    public static async Task<IReadOnlyList<RunSummary>> RunAsync(
        ScreenerDbContext db, string reviewName, long? runId, CancellationToken cancellationToken)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, cancellationToken);
        var runs = await db.Runs.Where(r => r.ReviewId == review.Id && (runId == null || r.Id == runId))
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var ids = runs.Select(r => r.Id).ToList();
        var counts = await db.WorkItems.Where(w => ids.Contains(w.RunId))
            .GroupBy(w => new { w.RunId, w.Status })
            .Select(g => new { g.Key.RunId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var outputs = (await db.Suggestions.Where(s => ids.Contains(s.RunId))
                .GroupBy(s => new { s.RunId, s.Audit.Model, s.Audit.PromptId, s.Audit.PromptVersion })
                .Select(g => new OutputGroup(g.Key.RunId, g.Key.Model, g.Key.PromptId, g.Key.PromptVersion, g.Count(),
                    g.Sum(s => (long)s.Audit.PromptTokens), g.Sum(s => (long)s.Audit.CompletionTokens), g.Sum(s => s.Audit.Cost),
                    g.Sum(s => (long)s.Audit.CachedPromptTokens)))
                .ToListAsync(cancellationToken))
            .Concat(await db.ExtractionDrafts.Where(d => ids.Contains(d.RunId))
                .GroupBy(d => new { d.RunId, d.Audit.Model, d.Audit.PromptId, d.Audit.PromptVersion })
                .Select(g => new OutputGroup(g.Key.RunId, g.Key.Model, g.Key.PromptId, g.Key.PromptVersion, g.Count(),
                    g.Sum(d => (long)d.Audit.PromptTokens), g.Sum(d => (long)d.Audit.CompletionTokens), g.Sum(d => d.Audit.Cost),
                    g.Sum(d => (long)d.Audit.CachedPromptTokens)))
                .ToListAsync(cancellationToken))
            .ToLookup(o => o.RunId);

        return runs.Select(r =>
        {
            int Count(params WorkItemStatus[] statuses) => counts.Where(c => c.RunId == r.Id && statuses.Contains(c.Status)).Sum(c => c.Count);
            var own = outputs[r.Id].ToList();
            var models = own.Select(o => o.Model).Prepend(r.Model).Distinct(StringComparer.Ordinal).ToList();
            var prompts = SettingsPrompts(r.SettingsJson).Concat(own.Select(o => $"{o.PromptId}/v{o.PromptVersion}"))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return new RunSummary(r.Id, r.Stage.ToString(), r.Status.ToString(), models, prompts,
                Count(Enum.GetValues<WorkItemStatus>()), Count(WorkItemStatus.Done), Count(WorkItemStatus.Failed),
                Count(WorkItemStatus.Pending, WorkItemStatus.Running, WorkItemStatus.Batched), own.Sum(o => o.Outputs),
                own.Sum(o => o.PromptTokens), own.Sum(o => o.CompletionTokens), own.Sum(o => o.Cost), r.CreatedAt, r.FinishedAt)
            {
                CachedPromptTokens = own.Sum(o => o.CachedPromptTokens),
            };
        }).ToList();
    }

    private sealed record OutputGroup(long RunId, string Model, string PromptId, string PromptVersion, int Outputs,
        long PromptTokens, long CompletionTokens, decimal Cost, long CachedPromptTokens);

    /// <summary>
    /// The prompt references a run was started with: screening keeps one per slot (slots[].prompt), extraction one
    /// (prompt). A run that has produced nothing yet has only these to say which prompt it runs.
    /// </summary>
    private static IEnumerable<string> SettingsPrompts(string settingsJson)
    {
        var settings = JsonNode.Parse(settingsJson) as JsonObject;
        if (settings?["prompt"] is JsonValue single && single.TryGetValue<string>(out var prompt)) yield return prompt;
        if (settings?["slots"] is not JsonArray slots) yield break;
        foreach (var slot in slots)
            if (slot?["prompt"] is JsonValue value && value.TryGetValue<string>(out var slotPrompt)) yield return slotPrompt;
    }
}
