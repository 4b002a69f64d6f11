using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Evaluation;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Prisma;
using Screener.Core.Ranking;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;

namespace Screener.Core.Reporting;

/// <summary>A model as used: configured name, the snapshots the provider's replies named, a local file's hash, its calls.</summary>
public sealed record ModelUse(string Provider, string Model, IReadOnlyList<string> ReportedModels, IReadOnlyList<string> LocalModelSha256, int Calls);

public sealed record PromptUse(string PromptId, string Version, string Hash, int Calls);

/// <summary>One reviewer slot of a run: its model, prompt, temperature, seed and repeats (<see cref="SlotSettings"/>).</summary>
public sealed record RunUse(long RunId, string Stage, string Status, IReadOnlyList<SlotSettings> Slots, int Outputs);

public sealed record FlagCount(string Flag, int Suggestions);

/// <summary>Ungrounded quotes and the like: how many suggestions had one, and how many of their records a human then decided.</summary>
public sealed record HallucinationUse(int SuggestionsChecked, int SuggestionsFlagged, IReadOnlyList<FlagCount> ByFlag, int FlaggedRecordsDecidedByHumans,
    int ExtractionFieldsFlagged);

/// <summary>The latest title/abstract run against the settled human decisions (`eval --review`).</summary>
public sealed record AgreementUse(long RunId, int Records, Estimate Sensitivity, Estimate Specificity, Estimate Kappa);

public sealed record CostUse(int Calls, long PromptTokens, long CompletionTokens, long CachedPromptTokens, decimal Cost, int BatchCalls, decimal BatchCost,
    int OnlineCalls, decimal OnlineCost);

/// <summary>
/// The use of AI in a review as a journal asks for it (PRISMA 2020 item 8, RAISE, PRISMA-trAIce), every figure from
/// the database: models, prompts, parameters, who screened what, how suggestions were used, agreement with humans,
/// hallucination flags, the stopping rule's certificate, tokens and cost, and PRISMA counts with automated exclusions apart.
/// </summary>
public sealed record AiUseReport(
    string Review,
    IReadOnlyList<ModelUse> Models,
    IReadOnlyList<PromptUse> Prompts,
    IReadOnlyList<RunUse> Runs,
    int RecordsScreenedByLlm,
    int RecordsDecidedByHumans,
    int HumanDecisions,
    int DecisionsWithSuggestionShown,
    bool SuggestionOnly,
    AgreementUse? Agreement,
    HallucinationUse Hallucinations,
    StoppingAid Stopping,
    CostUse Cost,
    PrismaCounts Prisma,
    IReadOnlyList<string> Notes);

public static class BuildAiUseReport
{
    // Put on every required field for the human to check; not a sign the value was made up.
    private const string ExtractionCheckRequired = "check-required";

    public static async Task<AiUseReport> RunAsync(ScreenerDbContext db, string reviewName, CancellationToken ct)
    {
        var review = await ReviewLookup.FindAsync(db, reviewName, ct);
        var runs = await db.Runs.AsNoTracking().Where(r => r.ReviewId == review.Id).OrderBy(r => r.Id).ToListAsync(ct);
        var runIds = runs.Select(r => r.Id).ToList();
        var suggestions = await db.Suggestions.AsNoTracking().Where(s => runIds.Contains(s.RunId))
            .Select(s => new { s.RunId, s.RecordId, s.Flags, s.Status, s.Audit }).ToListAsync(ct);
        var drafts = await db.ExtractionDrafts.AsNoTracking().Where(d => runIds.Contains(d.RunId)).Select(d => new { d.RunId, d.Audit }).ToListAsync(ct);
        var audits = suggestions.Select(s => (s.RunId, s.Audit)).Concat(drafts.Select(d => (d.RunId, d.Audit))).ToList();
        var provider = runs.ToDictionary(r => r.Id, r => r.Provider);
        var notes = new List<string>();

        var models = audits.GroupBy(a => (Provider: provider[a.RunId], a.Audit.Model)).OrderBy(g => g.Key.Model).Select(g => new ModelUse(
            g.Key.Provider, g.Key.Model, [.. g.Select(a => a.Audit.ReportedModel).OfType<string>().Distinct().Order()],
            [.. g.Select(a => LocalModelHash(a.Audit.ParametersJson)).OfType<string>().Distinct().Order()], g.Count())).ToList();
        var prompts = audits.GroupBy(a => (a.Audit.PromptId, a.Audit.PromptVersion, a.Audit.PromptHash)).OrderBy(g => g.Key.PromptId).ThenBy(g => g.Key.PromptVersion)
            .Select(g => new PromptUse(g.Key.PromptId, g.Key.PromptVersion, g.Key.PromptHash, g.Count())).ToList();
        var runUses = runs.Select(r => new RunUse(r.Id, r.Stage.ToString(), r.Status.ToString(),
            r.Stage is RunStage.Screening or RunStage.FullTextScreening ? ScreeningRunSettings.FromJson(r.SettingsJson) : [],
            audits.Count(a => a.RunId == r.Id))).ToList();

        var screeningRuns = runs.Where(r => r.Stage == RunStage.Screening).Select(r => r.Id).ToHashSet();
        var decisions = await db.HumanDecisions.AsNoTracking().Where(d => d.ReviewId == review.Id && d.Stage == ReviewStage.TitleAbstract)
            .Select(d => new { d.RecordId, d.LlmSuggestionShown }).ToListAsync(ct);
        var humanRecords = decisions.Select(d => d.RecordId).ToHashSet();
        var prisma = await PrismaCountsQuery.RunAsync(db, review.Id, ct);

        var flagged = suggestions.Where(s => s.Flags.Count > 0).ToList();
        var hallucinations = new HallucinationUse(suggestions.Count(s => s.Status == SuggestionStatus.Parsed), flagged.Count,
            [.. flagged.SelectMany(s => s.Flags.Distinct()).GroupBy(f => f).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new FlagCount(g.Key, g.Count()))],
            flagged.Select(s => s.RecordId).Distinct().Count(humanRecords.Contains),
            (await db.ExtractionDrafts.Where(d => runIds.Contains(d.RunId)).SelectMany(d => d.Fields).Select(f => f.Flags).ToListAsync(ct))
                .Count(flags => flags.Any(f => f != ExtractionCheckRequired)));

        var unique = await db.Records.CountAsync(r => r.ReviewId == review.Id && r.DuplicateOfId == null, ct);
        var settled = await RecallCurve.SettledInOrderAsync(db, review.Id, ct);
        // The certificate at the point screening stopped: the recall test over the settled records in decision order.
        var stopping = StoppingAid.Compute(settled.Select(s => (bool?)(s.Outcome.Decision == ScreeningDecision.Include)).ToList(), null, unique);

        var batch = audits.Where(a => a.Audit.BatchId is not null).ToList();
        var online = audits.Where(a => a.Audit.BatchId is null).ToList();
        var cost = new CostUse(audits.Count, audits.Sum(a => (long)a.Audit.PromptTokens), audits.Sum(a => (long)a.Audit.CompletionTokens),
            audits.Sum(a => (long)a.Audit.CachedPromptTokens), audits.Sum(a => a.Audit.Cost), batch.Count, batch.Sum(a => a.Audit.Cost),
            online.Count, online.Sum(a => a.Audit.Cost));

        return new AiUseReport(review.Name, models, prompts, runUses,
            suggestions.Where(s => screeningRuns.Contains(s.RunId)).Select(s => s.RecordId).Distinct().Count(),
            humanRecords.Count, decisions.Count, decisions.Count(d => d.LlmSuggestionShown),
            prisma.ExcludedByAutomation == 0, await AgreementAsync(db, review.Name, runs, notes, ct), hallucinations, stopping, cost, prisma, notes);
    }

    private static async Task<AgreementUse?> AgreementAsync(ScreenerDbContext db, string review, List<ScreeningRun> runs, List<string> notes, CancellationToken ct)
    {
        if (runs.LastOrDefault(r => r.Stage == RunStage.Screening) is not { } run) return null;
        try
        {
            var evaluation = await EvaluateRun.RunAsync(db, new RunEvaluationRequest(review, run.Id), ct);
            var set = evaluation.Sets[0];
            var pooled = set.Views[0].Pooled;
            return new AgreementUse(run.Id, set.Coverage.TruthRecords, pooled.Sensitivity, pooled.Specificity, pooled.Kappa);
        }
        catch (ScreenerException e)
        {
            notes.Add($"agreement with humans not computed: {e.Message}");
            return null;
        }
    }

    private static string? LocalModelHash(string parametersJson) =>
        (JsonNode.Parse(parametersJson)?["local_model"]?["model_sha256"] as JsonValue)?.GetValue<string>();
}
