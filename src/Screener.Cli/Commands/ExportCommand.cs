using System.CommandLine;
using Screener.Core;
using Screener.Core.Exports;
using Screener.Core.Extraction;
using Screener.Core.Reviews;

namespace Screener.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var format = new Option<string>("--format") { Description = "csv, ris or xlsx (records); with --extraction: csv or xlsx", Required = true };
        var extraction = new Option<bool>("--extraction") { Description = "Export the extraction table (one row per study, one column per field, status columns) instead of records" };
        var output = new Option<FileInfo?>("--output") { Description = "File to write (UTF-8); default: standard output" };
        var unique = new Option<bool>("--unique") { Description = "Leave out records that dedup marked as duplicates" };
        var command = new Command("export", "Export a review's records with their decisions, reasons and flags (CSV, RIS or XLSX), or its extraction table (CSV or XLSX)")
        {
            review, format, output, unique, extraction,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var file = parse.GetValue(output);
            await using var db = await cli.OpenDbAsync(token);
            if (parse.GetValue(extraction))
            {
                if (file is null) throw new ScreenerException("--extraction needs --output FILE (a spreadsheet is not written to standard output)");
                var table = await ExtractionTable.ExportAsync(db, parse.GetValue(review)!, parse.GetValue(format)!, file.FullName, token);
                cli.Report(table, t => cli.Out.WriteLine($"wrote {t.Studies} studies ({t.Fields} fields, {t.Verified} verified by a human) to {t.Path}"));
                return 0;
            }
            var recordFormat = parse.GetValue(format)!.ToLowerInvariant() switch
            {
                "csv" => RecordExportFormat.Csv,
                "ris" => RecordExportFormat.Ris,
                "xlsx" => RecordExportFormat.Xlsx,
                var other => throw new ScreenerException($"records export as csv, ris or xlsx, not '{other}'"),
            };
            if (file is null && cli.JsonOutput)
                throw new ScreenerException("--json needs --output FILE: the records and the JSON summary cannot share standard output");
            if (file is null && recordFormat == RecordExportFormat.Xlsx)
                throw new ScreenerException("xlsx needs --output FILE (a spreadsheet is not written to standard output)");
            // The CLI is the operator with the database's credentials: it exports as the review's admin.
            var found = await ReviewLookup.FindAsync(db, parse.GetValue(review)!, token);
            var actor = new ReviewActor(0, found.Id, ReviewerRole.Admin);
            var request = new ExportRecordsRequest(recordFormat, IncludeDuplicates: !parse.GetValue(unique));
            if (file is null)
            {
                await ExportRecords.RunAsync(db, actor, request, cli.Out, token);
                return 0;
            }
            ExportRecordsResult result;
            await using (var stream = File.Create(file.FullName))
                result = await ExportRecords.RunAsync(db, actor, request, stream, token);
            cli.Report(result, r => cli.Out.WriteLine($"wrote {r.Records} records of review {r.Review} to {file.FullName} ({r.Format})"));
            return 0;
        }));
        return command;
    }
}
