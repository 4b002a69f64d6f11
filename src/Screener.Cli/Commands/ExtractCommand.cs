using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Extraction;
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
        var command = new Command("extract", "Draft extraction rows (typed value, evidence, confidence per field) for a human to verify")
        {
            review, records, limit, fullText, retry, CreateVerify(), CreateShow(),
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var request = new ExtractRequest(parse.GetValue(review)!, parse.GetValue(records)!, parse.GetValue(limit),
                parse.GetValue(fullText)?.FullName, parse.GetValue(retry));
            var result = await cli.Services.GetRequiredService<DraftExtractions>().RunAsync(request, token);
            cli.Report(result, r => cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {r.RunId} ({r.Model}): {r.Drafted} drafted, {r.Unparseable} unparseable, {r.Failed} failed, {r.Pending} pending; {r.FlaggedFields} field(s) flagged as possibly ungrounded; tokens {r.PromptTokens}/{r.CompletionTokens}, cost ${r.Cost:F4}")));
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
            var actor = await ReviewDecideCommand.ActorAsync(db, parse.GetValue(review)!, parse.GetValue(user)!, token);
            var (recordId, fieldName) = (parse.GetValue(record), parse.GetValue(field)!);
            // The newest draft of this record's field is the one a human verifies; older drafts stay for audit.
            var fieldId = await db.ExtractionFields
                .Where(f => f.RecordId == recordId && f.FieldName == fieldName && db.Records.Any(r => r.Id == f.RecordId && r.ReviewId == actor.ReviewId))
                .OrderByDescending(f => f.DraftId).Select(f => (long?)f.Id).FirstOrDefaultAsync(token)
                ?? throw new Core.ScreenerException($"record {recordId} has no draft for '{fieldName}': run `screener extract` first");
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
            var r = await ReviewLookup.FindAsync(db, parse.GetValue(review)!, token);
            var id = parse.GetValue(record);
            var draft = await db.ExtractionDrafts.AsNoTracking().Include(d => d.Fields)
                .Where(d => d.RecordId == id && db.Runs.Any(x => x.Id == d.RunId && x.ReviewId == r.Id))
                .OrderByDescending(d => d.Id).FirstOrDefaultAsync(token)
                ?? throw new Core.ScreenerException($"record {id} has no extraction draft in review '{r.Name}'");
            var fields = draft.Fields.OrderBy(f => f.Id).Select(f => new
            {
                f.FieldName, Value = f.ValueJson, f.NotReported, f.Evidence, f.Confidence, f.Flags, Status = f.ReviewStatus.ToString(), Final = f.FinalValueJson,
            }).ToList();
            cli.Report(new { draft.RecordId, draft.Status, draft.Audit.Model, draft.SourceKind, Fields = fields }, d =>
            {
                foreach (var f in d.Fields)
                    cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{f.FieldName}: {(f.NotReported ? "not reported" : f.Value)} [{f.Status}] conf {f.Confidence:F2} {string.Join(" ", f.Flags)}\n    evidence: \"{f.Evidence}\""));
            });
            return 0;
        }));
        return command;
    }
}
