using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Extraction;
using Screener.Core.Jobs;
using Screener.Core.Reviews;

namespace Screener.Cli.Commands;

internal static class ExtractCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var records = new Option<string>("--records") { Description = "included (settled human includes), all, or record ids: 12,15", DefaultValueFactory = _ => "included" };
        var limit = new Option<int?>("--limit") { Description = "Draft at most N records in this invocation" };
        var fullText = new Option<DirectoryInfo?>("--fulltext") { Description = "Folder of full texts, one UTF-8 .txt per record named by record id (PDF-to-text is not done by Screener)" };
        var retry = new Option<bool>("--retry-failed") { Description = "Put records that failed earlier back in the queue first" };
        var source = new Option<string>("--source")
        {
            Description = "fulltext (records with an attached full text), abstract, or auto: the full text where one is attached, else the abstract",
            DefaultValueFactory = _ => ExtractRequest.AutoSource,
        };
        var maxCost = ScreenCommand.MaxCostOption();
        var estimate = new Option<bool>("--estimate") { Description = "Print the calls, tokens, cost and time this would take, and make no LLM call" };
        var batch = BatchOutput.Option();
        var command = new Command("extract", "Draft extraction rows (typed value, evidence with its page, confidence per field) for a human to verify")
        {
            review, records, limit, fullText, retry, source, maxCost, estimate, batch, CreateVerify(), CreateShow(),
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var request = new ExtractRequest(parse.GetValue(review)!, parse.GetValue(records)!, parse.GetValue(limit),
                parse.GetValue(fullText)?.FullName, parse.GetValue(retry), MaxCost: parse.GetValue(maxCost),
                Source: parse.GetValue(source)!.Trim().ToLowerInvariant().Replace("-", "", StringComparison.Ordinal), Batch: parse.GetValue(batch));
            var extract = cli.Services.GetRequiredService<DraftExtractions>();
            if (parse.GetValue(estimate))
            {
                cli.Report(await extract.EstimateAsync(request, token), e => EstimateOutput.Write(cli.Out, e));
                return 0;
            }
            // Before any work is claimed, as `screen --batch` does: the files endpoint the batch route needs.
            if (request.Batch && cli.Services.GetRequiredService<Core.Llm.LlmOptions>().IsConfigured
                && await cli.Services.GetRequiredService<Core.Llm.LlmEndpointCheck>().BatchProblemAsync(token) is { } problem)
                throw new Core.ScreenerException(problem);
            var result = await extract.RunAsync(request, token);
            cli.Report(result, r =>
            {
                cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {r.RunId} ({r.Model}): {r.Drafted} drafted, {r.Unparseable} unparseable, {r.Failed} failed, {r.Pending} pending; {r.FlaggedFields} field(s) flagged as possibly ungrounded; tokens {r.PromptTokens}/{r.CompletionTokens}, cost ${r.Cost:F4}"));
                if (r.Batch is { } sent) BatchOutput.Write(cli.Out, sent, $"screener extract --review {request.ReviewName} --batch");
            });
            if (result.Budget is { } budget)
            {
                await cli.Error.WriteLineAsync(ScreenCommand.BudgetLine(budget, result.Pending, $"screener extract --review {request.ReviewName}"));
                return ScreenCommand.StoppedAtCostLimit;
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateVerify()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var record = new Option<long>("--record") { Description = "Record id", Required = true };
        var field = new Option<string>("--field") { Description = "Form field name", Required = true };
        var accept = new Option<bool>("--accept") { Description = "The draft value is right" };
        var edit = new Option<string?>("--edit") { Description = "The corrected value, typed as the field (a list: items separated by ';')" };
        var reject = new Option<bool>("--reject") { Description = "The draft value is wrong (or the field is not reported)" };
        var user = new Option<string>("--user") { Description = "Verify as this reviewer (must belong to the review)", Required = true };
        var command = new Command("verify", "Accept, edit or reject one drafted field") { review, record, field, accept, edit, reject, user };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var chosen = new[] { parse.GetValue(accept), parse.GetValue(edit) is not null, parse.GetValue(reject) }.Count(x => x);
            if (chosen != 1) throw new Core.ScreenerException("give exactly one of --accept, --edit VALUE or --reject");
            var action = parse.GetValue(accept) ? FieldVerification.Accept : parse.GetValue(reject) ? FieldVerification.Reject : FieldVerification.Edit;
            await using var db = await cli.OpenDbAsync(token);
            var actor = await ReviewAccess.RequireByNameAsync(db, parse.GetValue(review)!, parse.GetValue(user)!, token);
            var (recordId, fieldName) = (parse.GetValue(record), parse.GetValue(field)!);
            var fieldId = await ShowExtractionDraft.FieldIdAsync(db, actor, recordId, fieldName, token);
            var result = await VerifyExtractionField.RunAsync(db, cli.Time, actor, new VerifyFieldRequest(fieldId, action, parse.GetValue(edit)), token);
            cli.Report(result, r => cli.Out.WriteLine($"record {recordId} {r.FieldName}: {r.Status} (final {r.FinalValueJson ?? "none"})"));
            return 0;
        }));
        return command;
    }

    private static Command CreateShow()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var record = new Option<long>("--record") { Description = "Record id", Required = true };
        var command = new Command("show", "Show a record's latest draft: value, evidence, confidence, flags and status per field") { review, record };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var draft = await ShowExtractionDraft.RunAsync(db, parse.GetValue(review)!, parse.GetValue(record), token);
            cli.Report(draft, d => Write(cli.Out, d));
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, DraftShown d)
    {
        o.WriteLine($"record {d.RecordId}, draft {d.DraftId} ({d.Model}, from {d.SourceKind}): {d.Status.ToString().ToLowerInvariant()}");
        if (d.Status != Core.Vocabulary.SuggestionStatus.Parsed)
        {
            // Nothing was guessed from a reply that did not parse: show it, so a person can see why.
            o.WriteLine("  the reply did not parse, so no field was drafted; the raw reply:");
            o.WriteLine("  " + (d.RawReply ?? d.Error ?? "(empty)").ReplaceLineEndings("\n  "));
            o.WriteLine("  draft it again with `screener extract --records ID` under a new prompt version, or fill the fields by hand");
            return;
        }
        foreach (var f in d.Fields)
        {
            var draft = f.Status is FieldReviewStatus.Edited or FieldReviewStatus.Rejected ? $" (draft: {(f.NotReported ? "not reported" : f.DraftValue)})" : "";
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{f.FieldName}: {f.Value}{draft} [{f.Status}] conf {f.Confidence:F2} {string.Join(" ", f.Flags)}\n    evidence: \"{f.Evidence}\"{(f.Page is { } page ? $" (page {page})" : "")}"));
        }
    }
}
