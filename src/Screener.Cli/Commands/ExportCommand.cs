using System.CommandLine;
using System.Text;
using Screener.Core;
using Screener.Core.Records;

namespace Screener.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var format = new Option<RecordExportFormat>("--format") { Description = "csv or ris", Required = true };
        var output = new Option<FileInfo?>("--output") { Description = "File to write (UTF-8); default: standard output" };
        var unique = new Option<bool>("--unique") { Description = "Leave out records that dedup marked as duplicates" };
        var command = new Command("export", "Export a review's records with their decisions, reasons and flags as CSV or RIS")
        {
            review, format, output, unique,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var file = parse.GetValue(output);
            if (file is null && cli.JsonOutput)
                throw new ScreenerException("--json needs --output FILE: the records and the JSON summary cannot share standard output");
            await using var db = await cli.OpenDbAsync(token);
            var request = new ExportRecordsRequest(parse.GetValue(review)!, parse.GetValue(format), !parse.GetValue(unique));
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
