using System.CommandLine;
using Screener.Core.Reviews;

namespace Screener.Cli.Commands;

/// <summary>`screener review user disable|enable|password` and `review member remove`: taking access away again.</summary>
internal static class ReviewAccountCommands
{
    public static Command Disable(bool disable)
    {
        var user = new Option<string>("--user") { Description = "The reviewer's user name", Required = true };
        var command = disable
            ? new Command("disable", "Disable an account: no sign-in, and its sessions and API key stop working at once") { user }
            : new Command("enable", "Enable a disabled account again (its old sessions stay ended)") { user };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await AccountControl.SetDisabledAsync(db, cli.Time, parse.GetValue(user)!, disable, token);
            cli.Report(result, r => cli.Out.WriteLine($"'{r.UserName}' is {(r.Disabled ? "disabled; its sessions and API key no longer work" : "enabled")}"));
            return 0;
        }));
        return command;
    }

    public static Command Password()
    {
        var user = new Option<string>("--user") { Description = "The reviewer's user name", Required = true };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the new password from the first line of stdin" };
        var file = new Option<FileInfo?>("--password-file") { Description = "Read the new password from the first line of this file" };
        var command = new Command("password", "Set a new web sign-in password; ends the account's sessions and revokes its API key") { user, stdin, file };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var password = await ReviewCommand.ReadPasswordAsync(parse.GetValue(stdin), parse.GetValue(file), token);
            await using var db = await cli.OpenDbAsync(token);
            var result = await AccountControl.SetPasswordAsync(db, parse.GetValue(user)!, password, token);
            cli.Report(result, r => cli.Out.WriteLine($"new password set for '{r.UserName}'; its sessions have ended" +
                (r.ApiKeyRevoked ? "; its API key is revoked (issue a new one with `screener review apikey`)" : "")));
            return 0;
        }));
        return command;
    }

    public static Command RemoveMember()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var user = new Option<string>("--user") { Description = "The reviewer's user name", Required = true };
        var command = new Command("remove", "Take a reviewer off a review (their decisions stay)") { review, user };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await RemoveMembership.RunAsync(db, parse.GetValue(review)!, parse.GetValue(user)!, token);
            cli.Report(result, r => cli.Out.WriteLine(r.Removed
                ? $"'{r.UserName}' no longer belongs to review '{r.ReviewName}'"
                : $"'{r.UserName}' did not belong to review '{r.ReviewName}'; nothing changed"));
            return 0;
        }));
        return command;
    }
}
