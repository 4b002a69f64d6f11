using System.CommandLine;
using Screener.Core;
using Screener.Core.ReviewLifecycle;
using Screener.Core.Reviews;

namespace Screener.Cli.Commands;

/// <summary>`screener review archive|unarchive|delete --review R`: ending a review's life, reversibly or not.</summary>
internal static class ReviewLifecycleCommands
{
    public static Command Archive(bool archive)
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var command = archive
            ? new Command("archive", "Make a finished review read-only and hide it from `screener reviews` (its data stay; `unarchive` undoes it)") { review }
            : new Command("unarchive", "Make an archived review writable and listed again") { review };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await ArchiveReview.RunAsync(db, cli.Time, parse.GetValue(review)!, archive, token);
            cli.Report(result, r => cli.Out.WriteLine(r.ArchivedAt is { } at
                ? $"review '{r.Name}' is archived{(r.Changed ? "" : " (already, since " + at.ToString("yyyy-MM-dd") + ")")}: read-only and listed only by `screener reviews --all`"
                : $"review '{r.Name}' is {(r.Changed ? "active again" : "not archived; nothing changed")}"));
            return 0;
        }));
        return command;
    }

    public static Command Delete()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var yes = new Option<bool>("--yes") { Description = "Delete without asking (needed when no terminal can answer)" };
        var command = new Command("delete", "Delete a review and everything of it (records, runs, suggestions, decisions, drafts) in one transaction; reviewer accounts stay")
        {
            review, yes,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await DeleteReview.RunAsync(db, parse.GetValue(review)!, d => Confirm(cli, d, parse.GetValue(yes)), token);
            cli.Report(result, r => cli.Out.WriteLine(r.Deleted
                ? $"deleted review '{r.Review.Name}': {Describe(r.Review)}"
                : $"review '{r.Review.Name}' was not deleted"));
            return 0;
        }));
        return command;
    }

    private static string Describe(ReviewDeletion d) =>
        $"{d.Records} records, {d.Runs} LLM runs with {d.Suggestions} suggestions, {d.HumanDecisions} human decisions";

    /// <summary>Deleting cannot be undone, so it is asked at a terminal and refused without one unless --yes was given.</summary>
    private static bool Confirm(CliRunner cli, ReviewDeletion d, bool yes)
    {
        if (yes) return true;
        if (!cli.CanAsk)
            throw new ScreenerException($"deleting review '{d.Name}' ({Describe(d)}) cannot be undone and no terminal can confirm it: " +
                "run again with --yes (or archive it instead: `screener review archive`)");
        cli.Out.Write($"delete review '{d.Name}' with {Describe(d)}? This cannot be undone. Type the review's name to confirm: ");
        return string.Equals(Console.ReadLine()?.Trim(), d.Name, StringComparison.Ordinal);
    }
}
