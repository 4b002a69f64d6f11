using System.CommandLine;
using Screener.Core.Dedup;

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
        var merge = new Option<long[]>("--merge")
        {
            Description = "Say that two records (ids) are the same work: merged now and by every later run (withdraw with --forget)",
            Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true,
        };
        var notDuplicate = new Option<long[]>("--not-duplicate")
        {
            Description = "Say that two records (ids) are different works: a merge joining them is undone and no later run joins them (withdraw with --forget)",
            Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true,
        };
        var forget = new Option<long?>("--forget") { Description = "Withdraw a pair decision (see --decisions), so later runs decide the pair by the rules again" };
        var decisions = new Option<bool>("--decisions") { Description = "List the pair decisions in force: people's --merge / --not-duplicate and undone merges" };
        var command = new Command("dedup", "Find and merge duplicate records (DOI, PMID, title + year + first author, similar titles), with an undoable log")
        {
            review, undo, link, list, merge, notDuplicate, forget, decisions,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var name = parse.GetValue(review)!;
            if (parse.GetValue(link) is not null && !parse.GetValue(undo))
                throw new Core.ScreenerException("--link needs --undo: `screener dedup --review R --undo --link ID`");
            var pair = parse.GetValue(merge) is [var sameA, var sameB] ? (sameA, sameB, PairVerdict.Same)
                : parse.GetValue(notDuplicate) is [var otherA, var otherB] ? (otherA, otherB, PairVerdict.NotSame)
                : ((long, long, PairVerdict)?)null;
            if (pair is var (a, b, verdict))
            {
                var result = await DecideDuplicatePair.RunAsync(db, cli.Time, new DecideDuplicatePairRequest(name, a, b, verdict), token);
                cli.Report(result, r => WriteDecision(cli.Out, r));
            }
            else if (parse.GetValue(forget) is { } decisionId)
            {
                var result = await WithdrawPairDecision.RunAsync(db, cli.Time, name, decisionId, token);
                cli.Report(result, r => cli.Out.WriteLine(
                    $"review {r.Review}: decision {r.DecisionId} ({r.Verdict} for records {r.RecordIdA} and {r.RecordIdB}) withdrawn; the next `dedup` decides the pair by the rules"));
            }
            else if (parse.GetValue(decisions))
            {
                var all = await ListPairDecisions.RunAsync(db, name, token);
                cli.Report(all, l =>
                {
                    foreach (var d in l) cli.Out.WriteLine($"decision {d.Id}: records {d.RecordIdA} and {d.RecordIdB} {(d.Verdict == PairVerdict.Same ? "are the same" : "are not the same")} ({d.Origin}, {d.CreatedAt:yyyy-MM-dd HH:mm})");
                    cli.Out.WriteLine($"{l.Count} pair decision(s) in force (withdraw one with --forget ID)");
                });
            }
            else if (parse.GetValue(list))
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

    private static void WriteDecision(TextWriter o, DecideDuplicatePairResult r)
    {
        var said = r.Verdict == PairVerdict.Same ? "the same work" : "different works";
        o.WriteLine($"review {r.Review}: records {r.RecordA} and {r.RecordB} are {said} (decision {r.DecisionId}; withdraw with --forget {r.DecisionId})");
        if (r.MergesUndone > 0) o.WriteLine($"{r.MergesUndone} merge(s) that joined them undone");
        if (r.Dedup is { } d) Write(o, d);
    }

    private static void WriteLinks(TextWriter o, IReadOnlyList<DuplicateLinkSummary> links)
    {
        foreach (var l in links)
            o.WriteLine($"merge {l.Id}: record {l.DuplicateRecordId} -> kept {l.KeptRecordId}, {l.Reason} {l.Score:0.###}{(l.MatchedRecordId is { } w ? $" with record {w}" : "")}, filled [{string.Join(", ", l.MergedFields)}]  \"{l.DuplicateTitle}\"");
        o.WriteLine($"{links.Count} merge(s) in force");
    }
}
