using System.CommandLine;
using System.Text;
using Screener.Core;
using Screener.Core.Extraction;
using Screener.Core.Records;

namespace Screener.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var format = new Option<string>("--format") { Description = "records: csv or ris; with --extraction: csv or xlsx", Required = true };
        var extraction = new Option<bool>("--extraction") { Description = "Export the extraction table (one row per study, one column per field, status columns) instead of records" };
        var output = new Option<FileInfo?>("--output") { Description = "File to write (UTF-8); default: standard output" };
        var unique = new Option<bool>("--unique") { Description = "Leave out records that dedup marked as duplicates" };
        var command = new Command("export", "Export a review's records with their decisions, reasons and flags (CSV or RIS), or its extraction table (CSV or XLSX)")
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
            if (!Enum.TryParse<RecordExportFormat>(parse.GetValue(format), ignoreCase: true, out var recordFormat))
                throw new ScreenerException($"records export as csv or ris, not '{parse.GetValue(format)}' (xlsx is for --extraction)");
            if (file is null && cli.JsonOutput)
                throw new ScreenerException("--json needs --output FILE: the records and the JSON summary cannot share standard output");
            var request = new ExportRecordsRequest(parse.GetValue(review)!, recordFormat, !parse.GetValue(unique));
            if (file is null)
            {
                await ExportRecords.RunAsync(db, request, cli.Out, token);
                return 0;
            }
            ExportRecordsResult result;
            await using (var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(false)))
                result = await ExportRecords.RunAsync(db, request, writer, token);
            cli.Report(result, r => cli.Out.WriteLine($"wrote {r.Records} records of review {r.Review} to {file.FullName} ({r.Format})"));
            return 0;
        }));
        return command;
    }
}
