using System.CommandLine;
using Screener.Core.Records;

namespace Screener.Cli.Commands;

internal static class DedupCommand
{
    private const int ConflictsShown = 20;

    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var undo = new Option<bool>("--undo") { Description = "Undo merges instead of finding them: all of the review's merges, or only --link" };
        var link = new Option<long?>("--link") { Description = "With --undo: the id of the one merge to undo (see --list)" };
        var list = new Option<bool>("--list") { Description = "List the merges in force (id, kept record, duplicate, reason, score) instead of deduplicating" };
        var command = new Command("dedup", "Find and merge duplicate records (DOI, PMID, title + year + first author, similar titles), with an undoable log")
        {
            review, undo, link, list,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var name = parse.GetValue(review)!;
            if (parse.GetValue(link) is not null && !parse.GetValue(undo))
                throw new Core.ScreenerException("--link needs --undo: `screener dedup --review R --undo --link ID`");
            if (parse.GetValue(list))
            {
                var links = await ListDuplicateLinks.RunAsync(db, name, token);
                cli.Report(links, l => WriteLinks(cli.Out, l));
            }
            else if (parse.GetValue(undo))
            {
                var result = await UndoDeduplication.RunAsync(db, cli.Time, new UndoDeduplicationRequest(name, parse.GetValue(link)), token);
                cli.Report(result, r => cli.Out.WriteLine(
                    $"review {r.Review}: {r.MergesUndone} merge(s) undone, {r.FieldsRestored} merged field(s) emptied again; duplicates removed now {r.DuplicatesRemoved}"));
            }
            else
            {
                var result = await DeduplicateRecords.RunAsync(db, cli.Time, new DeduplicateRecordsRequest(name), token);
                cli.Report(result, r => Write(cli.Out, r));
            }
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, DeduplicateRecordsResult r)
    {
        var reasons = r.ByReason.Count == 0 ? "" : " (" + string.Join(", ", r.ByReason.Select(b => $"{b.Reason} {b.Duplicates}")) + ")";
        o.WriteLine($"review {r.Review}: compared {r.RecordsCompared} records, {r.NewDuplicates} new duplicate(s){reasons}, {r.FieldsMerged} field(s) merged into kept records");
        o.WriteLine($"duplicates removed in total: {r.DuplicatesRemoved} (undo with `screener dedup --review {r.Review} --undo`)");
        if (!r.Settled)
            o.WriteLine($"not settled: the last of {r.Passes} passes still found duplicates (groups joined by fields the merges filled); run dedup again");
        if (r.LabelConflicts.Count == 0) return;
        o.WriteLine($"{r.LabelConflicts.Count} label conflict(s) between duplicates (settle them by hand; nothing was dropped):");
        foreach (var c in r.LabelConflicts.Take(ConflictsShown))
            o.WriteLine($"  kept record {c.KeptRecordId}, {c.Label}: " + string.Join(", ", c.Values.Select(v => $"record {v.RecordId} = {v.Value}")));
        if (r.LabelConflicts.Count > ConflictsShown) o.WriteLine($"  ... and {r.LabelConflicts.Count - ConflictsShown} more (--json lists all)");
    }

    private static void WriteLinks(TextWriter o, IReadOnlyList<DuplicateLinkSummary> links)
    {
        foreach (var l in links)
            o.WriteLine($"merge {l.Id}: record {l.DuplicateRecordId} -> kept {l.KeptRecordId}, {l.Reason} {l.Score:0.###}, filled [{string.Join(", ", l.MergedFields)}]  \"{l.DuplicateTitle}\"");
        o.WriteLine($"{links.Count} merge(s) in force");
    }
}
