using System.CommandLine;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Screener.Core;
using Screener.Core.FullText;

namespace Screener.Cli.Commands;

internal static class FullTextCommand
{
    public static Command Create() =>
        new("fulltext", "Full texts: attach PDFs, text or JATS XML to records, see which records have one, print one page by page")
        {
            Attach(), Status(), Show(),
        };

    private static Command Attach()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var record = new Option<long?>("--record") { Description = "Attach the one FILE to this record (settles an ambiguous or unmatched file by hand)" };
        var provider = new Option<bool>("--provider")
        {
            Description = "Embed the chunks with the configured provider's embedding model (Llm section) instead of the offline hashed TF-IDF embedder",
        };
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files or folders (searched recursively for .pdf, .txt, .xml, .nxml)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("attach", "Match full-text files to records (DOI, PMID, file name = record id or imported id, title) and store their pages and chunks")
        {
            review, record, provider, paths,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            IEmbeddingGenerator<string, Embedding<float>>? generator = null;
            if (parse.GetValue(provider))
                generator = cli.Services.GetService<IEmbeddingGenerator<string, Embedding<float>>>()
                    ?? throw new ScreenerException("no provider embedding model is configured: set Llm:Provider and its embedding model, or omit --provider");
            await using var db = await cli.OpenDbAsync(token);
            var result = await AttachFullTexts.RunAsync(db, cli.Time,
                new AttachFullTextsRequest(parse.GetValue(review)!, parse.GetValue(paths)!, parse.GetValue(record)),
                cli.Services.GetRequiredService<IOptions<FullTextOptions>>().Value, generator, token);
            cli.Report(result, r => WriteAttach(cli.Out, r));
            foreach (var failed in result.Files.Where(f => f.Outcome == AttachOutcome.Failed))
                await cli.Error.WriteLineAsync($"error: {failed.Reason} (the other files went on)");
            return result.Failed + result.Ambiguous + result.Unmatched > 0 ? 2 : 0;
        }));
        return command;
    }

    private static void WriteAttach(TextWriter o, AttachFullTextsResult r)
    {
        foreach (var f in r.Files)
        {
            var name = Path.GetFileName(f.Path);
            o.WriteLine(f.Outcome switch
            {
                AttachOutcome.Attached when f.Status == FullTextStatus.NeedsOcr => $"{name}: record {f.RecordId} (by {f.MatchedBy}), stored as needs OCR: {f.Reason}",
                AttachOutcome.Attached => $"{name}: record {f.RecordId} (by {f.MatchedBy}), {f.Pages} page(s), {f.Chunks} chunk(s)",
                AttachOutcome.Unchanged => $"{name}: record {f.RecordId} (by {f.MatchedBy}), already attached{(f.Reason is { } why ? $": {why}" : "")}",
                AttachOutcome.Ambiguous => $"{name}: ambiguous, not attached: {f.Reason} (records {string.Join(", ", f.Candidates)})",
                AttachOutcome.Unmatched => $"{name}: unmatched, not attached: {f.Reason}",
                _ => $"{name}: failed: {f.Reason}",
            });
        }
        o.WriteLine($"review {r.Review}: {r.Attached} matched, {r.Ambiguous} ambiguous, {r.Unmatched} unmatched, {r.Failed} failed" +
            (r.Model is { } model ? $"; chunks embedded with {model}" : ""));
        if (r.Ambiguous + r.Unmatched > 0)
            o.WriteLine($"  attach those by hand: screener fulltext attach --review {r.Review} --record ID FILE");
    }

    private static Command Status()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var command = new Command("status", "Records included at title/abstract (settled) with and without a full text; 'not retrieved' is PRISMA's count") { review };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await GetFullTextStatus.RunAsync(db, parse.GetValue(review)!, token);
            cli.Report(result, r =>
            {
                cli.Out.WriteLine($"review {r.Review}: {r.Sought} record(s) reached full text (settled include at title/abstract): " +
                    $"{r.WithText} with text, {r.NeedsOcr} need OCR, {r.Failed} failed, {r.NotRetrieved} not retrieved");
                if (r.AttachedOutside > 0) cli.Out.WriteLine($"  {r.AttachedOutside} full text(s) attached to records not included at title/abstract");
                foreach (var row in r.Records)
                {
                    var state = row.State switch
                    {
                        RetrievalState.Text => $"text, {row.Pages} page(s), {row.FileName}",
                        RetrievalState.NeedsOcr => $"needs OCR, {row.FileName}",
                        RetrievalState.Failed => $"failed, {row.FileName}: {row.Reason}",
                        RetrievalState.DecidedWithoutStoredText => "no stored text; decided at full text by a reviewer",
                        _ => "not retrieved",
                    };
                    cli.Out.WriteLine($"  {row.RecordId}{(row.ExternalId is null ? "" : $" [{row.ExternalId}]")}  {state}  {row.Title}");
                }
            });
            return 0;
        }));
        return command;
    }

    private static Command Show()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var record = new Option<long>("--record") { Description = "The record's id", Required = true };
        var command = new Command("show", "Print a record's stored full text page by page") { review, record };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await ShowFullText.RunAsync(db, parse.GetValue(review)!, parse.GetValue(record), token);
            cli.Report(result, r =>
            {
                var t = r.FullText;
                cli.Out.WriteLine($"record {r.RecordId}: {r.Title}");
                cli.Out.WriteLine($"{t.FileName} ({t.SourceKind.ToString().ToLowerInvariant()}, matched by {t.MatchedBy}): " +
                    (t.Status == FullTextStatus.Text ? $"{t.PageCount} page(s)" : $"{t.Status}: {t.StatusReason}"));
                foreach (var page in t.Pages)
                {
                    cli.Out.WriteLine($"--- page {page.PageNumber} ---");
                    cli.Out.WriteLine(page.Text);
                }
            });
            return 0;
        }));
        return command;
    }
}
