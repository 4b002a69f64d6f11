using System.Globalization;
using System.Text;
using Screener.Core.Evaluation;

namespace Screener.Core.Reporting;

/// <summary>The AI-use report as Markdown: a methods paragraph to adapt, and the table of figures it rests on.</summary>
public static class AiUseReportMarkdown
{
    public static string Render(AiUseReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var models = string.Join("; ", r.Models.Select(m => $"{m.Model} ({m.Provider}" +
            (m.ReportedModels.Count > 0 ? $", snapshot {string.Join(", ", m.ReportedModels)}" : "") +
            (m.LocalModelSha256.Count > 0 ? $", file sha256 {string.Join(", ", m.LocalModelSha256)}" : "") + ")"));
        var prompts = string.Join("; ", r.Prompts.Select(p => $"{p.PromptId} v{p.Version} (sha256 {Short(p.Hash)})"));
        var slots = r.Runs.SelectMany(run => run.Slots.Select(s => $"run {run.RunId} slot {s.Slot}: {s.Model}, temperature {s.Temperature.ToString(c)}, seed {s.Seed?.ToString(c) ?? "none"}, {s.Repeats} repeat(s)"));
        var agreement = r.Agreement is { } a
            ? string.Create(c, $"Against the human decisions on {a.Records} records, the LLM's suggestions (run {a.RunId}) had sensitivity {Format(a.Sensitivity)}, specificity {Format(a.Specificity)} and Cohen's kappa {Format(a.Kappa)} (95% intervals). ")
            : "Agreement with the human decisions could not be computed (no settled human decisions on the screened records). ";
        var use = r.SuggestionOnly
            ? "LLM output was used as a suggestion only: every exclusion was made by a human reviewer, and no record was excluded by automation. "
            : $"{r.Prisma.ExcludedByAutomation} record(s) were excluded by automation. ";
        var stop = string.Create(c, $"Screening stopped after {r.Stopping.Screened} settled records with {r.Stopping.IncludesFound} includes; the recall test (H0: recall below 95%) gave p = {r.Stopping.RecallTestP:0.####}{(r.Stopping.RecallTestPassed ? ", rejecting H0" : ", not rejecting H0")}. ");
        var text = new StringBuilder()
            .AppendLine($"# Use of AI in review '{r.Review}'").AppendLine()
            .AppendLine("## Methods").AppendLine()
            .Append($"Titles and abstracts were screened with the assistance of a large language model ({models}), ")
            .Append($"with the prompts {prompts}, through Screener. {r.RecordsScreenedByLlm} records received LLM suggestions; ")
            .Append($"{r.RecordsDecidedByHumans} records were screened by human reviewers ({r.HumanDecisions} decisions, {r.DecisionsWithSuggestionShown} with the suggestion shown). ")
            .Append(use).Append(agreement)
            .Append(string.Create(c, $"{r.Hallucinations.SuggestionsFlagged} of {r.Hallucinations.SuggestionsChecked} suggestions carried a grounding flag (a quote or value not found in the source); the records of {r.Hallucinations.FlaggedRecordsDecidedByHumans} of them were decided by a human. "))
            .Append(stop)
            .AppendLine(string.Create(c, $"The LLM calls used {r.Cost.PromptTokens} input and {r.Cost.CompletionTokens} output tokens and cost ${r.Cost.Cost:0.####} ({r.Cost.BatchCalls} calls through the Batch API, ${r.Cost.BatchCost:0.####}; {r.Cost.OnlineCalls} online, ${r.Cost.OnlineCost:0.####})."))
            .AppendLine()
            .AppendLine("## Figures").AppendLine()
            .AppendLine("| Item | Value |").AppendLine("|---|---|");
        void Row(string item, string value) => text.AppendLine($"| {item} | {value.Replace("|", "\\|", StringComparison.Ordinal)} |");
        Row("Models", models);
        Row("Prompts", prompts);
        foreach (var slot in slots) Row("Reviewer slot", slot);
        Row("Records screened by the LLM", r.RecordsScreenedByLlm.ToString(c));
        Row("Records screened by humans", r.RecordsDecidedByHumans.ToString(c));
        Row("Records excluded by automation", r.Prisma.ExcludedByAutomation.ToString(c));
        Row("Records excluded by humans", r.Prisma.ExcludedByHumans.ToString(c));
        if (r.Agreement is { } g)
        {
            Row("Sensitivity (95% CI)", Format(g.Sensitivity));
            Row("Specificity (95% CI)", Format(g.Specificity));
            Row("Cohen's kappa (95% CI)", Format(g.Kappa));
        }
        Row("Suggestions with grounding flags", $"{r.Hallucinations.SuggestionsFlagged} of {r.Hallucinations.SuggestionsChecked}");
        Row("Extraction fields with grounding flags", r.Hallucinations.ExtractionFieldsFlagged.ToString(c));
        Row("Recall test p at stopping", r.Stopping.RecallTestP.ToString("0.####", c));
        Row("Tokens (input / output)", $"{r.Cost.PromptTokens} / {r.Cost.CompletionTokens}");
        Row("Cost (batch / online)", string.Create(c, $"${r.Cost.Cost:0.####} (${r.Cost.BatchCost:0.####} / ${r.Cost.OnlineCost:0.####})"));
        Row("PRISMA: identified, duplicates removed, screened, included", string.Create(c,
            $"{r.Prisma.Identified}, {r.Prisma.DuplicatesRemoved}, {r.Prisma.Screened}, {r.Prisma.IncludedAfterTitleAbstract}"));
        foreach (var note in r.Notes) text.AppendLine().AppendLine($"Note: {note}");
        return text.ToString();
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static string Format(Estimate e) => e.Value is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{v:0.000} ({e.Low:0.000}-{e.High:0.000})")
        : "undefined";
}
