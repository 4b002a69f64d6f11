using System.CommandLine;
using Screener.Core;
using Screener.Core.Reviews;

namespace Screener.Cli.Commands;

/// <summary>`screener review`: human review from the command line: accounts, memberships, API keys, decisions, conflicts.</summary>
internal static class ReviewCommand
{
    public static Command Create()
    {
        var user = new Command("user", "Manage reviewer accounts")
        {
            AddUser(), ReviewAccountCommands.Disable(true), ReviewAccountCommands.Disable(false), ReviewAccountCommands.Password(),
        };
        var member = new Command("member", "Manage who belongs to a review") { AddMember(), ReviewAccountCommands.RemoveMember() };
        return new Command("review", "Human review: accounts, memberships, API keys, decisions and conflicts; archiving and deleting a review")
        {
            user, member, ApiKey(), ReviewDecideCommand.Decide(), ReviewDecideCommand.Conflicts(), ReviewDecideCommand.Agreement(),
            ReviewLifecycleCommands.Archive(true), ReviewLifecycleCommands.Archive(false), ReviewLifecycleCommands.Delete(),
        };
    }

    internal static Option<ReviewerRole> RoleOption(string description) => new("--role")
    {
        Description = description,
        DefaultValueFactory = _ => ReviewerRole.Reviewer,
    };

    private static Command AddUser()
    {
        var name = new Option<string>("--name") { Description = "User name (sign-in name, no spaces)", Required = true };
        var display = new Option<string?>("--display-name") { Description = "Name shown to other reviewers" };
        var role = RoleOption("Global role: reviewer, adjudicator or admin (admin sees every review)");
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the web sign-in password from the first line of stdin" };
        var file = new Option<FileInfo?>("--password-file") { Description = "Read the web sign-in password from the first line of this file" };
        var command = new Command("add", "Add a reviewer account (without a password it can only use an API key)") { name, display, role, stdin, file };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var password = await ReadPasswordAsync(parse.GetValue(stdin), parse.GetValue(file), token);
            await using var db = await cli.OpenDbAsync(token);
            var result = await AddReviewer.RunAsync(db, cli.Time,
                new AddReviewerRequest(parse.GetValue(name)!, parse.GetValue(display), parse.GetValue(role), password), token);
            cli.Report(result, r => cli.Out.WriteLine($"added {r.Role.ToString().ToLowerInvariant()} '{r.UserName}' (id {r.ReviewerId})" +
                (r.HasPassword ? "" : "; no password: give it an API key with `screener review apikey`")));
            return 0;
        }));
        return command;
    }

    private static Command AddMember()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var user = new Option<string>("--user") { Description = "The reviewer's user name", Required = true };
        var role = RoleOption("Role in this review: reviewer (screens), adjudicator (also resolves conflicts) or admin");
        var command = new Command("add", "Let a reviewer work on a review (again: change their role there)") { review, user, role };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await AddMembership.RunAsync(db,
                new AddMembershipRequest(parse.GetValue(review)!, parse.GetValue(user)!, parse.GetValue(role)), token);
            cli.Report(result, r => cli.Out.WriteLine($"'{r.UserName}' is {r.Role.ToString().ToLowerInvariant()} in review '{r.ReviewName}'"));
            return 0;
        }));
        return command;
    }

    private static Command ApiKey()
    {
        var user = new Option<string>("--user") { Description = "The reviewer's user name", Required = true };
        var command = new Command("apikey", "Issue a new API key for scripts (header X-Api-Key); it is shown once and replaces any earlier key") { user };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await IssueApiKey.RunAsync(db, parse.GetValue(user)!, token);
            cli.Report(result, r => cli.Out.WriteLine($"API key for '{r.UserName}' (shown once, keep it secret):\n{r.ApiKey}"));
            return 0;
        }));
        return command;
    }

    /// <summary>The password from stdin's first line or a file's, never from an argument (arguments show in `ps`).</summary>
    internal static async Task<string?> ReadPasswordAsync(bool fromStdin, FileInfo? file, CancellationToken cancellationToken) =>
        fromStdin ? await Console.In.ReadLineAsync(cancellationToken)
            : file is not null ? await ReadFirstLineAsync(file, cancellationToken) : null;

    private static async Task<string?> ReadFirstLineAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            return (await File.ReadAllLinesAsync(file.FullName, cancellationToken)).FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScreenerException($"cannot read password file {file.FullName}: {e.Message}", e);
        }
    }
}
