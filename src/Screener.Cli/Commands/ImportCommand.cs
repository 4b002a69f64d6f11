using System.CommandLine;
using Screener.Core.Records;

namespace Screener.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var source = new Option<string?>("--source")
        {
            Description = "The database or register the files were exported from (PRISMA's 'records identified from each database'); default: the file name",
        };
        var files = new Argument<FileInfo[]>("FILE")
        {
            Description = "Search exports: RIS, PubMed/MEDLINE (.nbib/.txt), BibTeX, CSV or TSV (UTF-8 or UTF-16); the extension decides the format (.ris, .nbib, .bib, .csv, .tsv), the content only for others (.txt)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("import", "Import search exports (RIS, MEDLINE, BibTeX, CSV/TSV) into a review") { review, source, files };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var request = new ImportRecordsRequest(parse.GetValue(review)!,
                parse.GetValue(files)!.Select(f => f.FullName).ToList(), parse.GetValue(source));
            var result = await ImportRecords.RunAsync(db, cli.Time, request, token);
            cli.Report(result, r => Write(cli.Out, r));
            foreach (var failed in result.Files.Where(f => f.Status == ImportFileStatus.Failed))
                await cli.Error.WriteLineAsync($"error: {failed.Message} (nothing from this file was imported; the other files were)");
            return result.AnyFailed ? 2 : 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, ImportRecordsResult r)
    {
        foreach (var f in r.Files)
        {
            var name = Path.GetFileName(f.File);
            o.WriteLine(f.Status switch
            {
                ImportFileStatus.Imported => $"{name}: imported {f.Records} records as {f.SourceName} ({f.Format}), {f.ErrorCount} bad record(s) skipped",
                ImportFileStatus.AlreadyImported => $"{name}: {f.Message}",
                _ => $"{name}: failed",
            });
            if (f.Status == ImportFileStatus.Imported && f.Message is { } warning) o.WriteLine($"  warning: {warning}");
            foreach (var e in f.Errors) o.WriteLine($"  {e}");
            if (f.ErrorCount > f.Errors.Count) o.WriteLine($"  ... and {f.ErrorCount - f.Errors.Count} more (--json lists the first {ImportRecords.MaxListedErrors})");
        }
        o.WriteLine($"review {r.Review}: {r.Imported} records imported");
    }
}
