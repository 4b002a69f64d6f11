using System.CommandLine;
using Screener.Core.Reviews;

namespace Screener.Cli.Commands;

internal static class InitCommand
{
    public static Command Create()
    {
        var protocol = new Option<FileInfo>("--protocol") { Description = "The review's protocol YAML file", Required = true };
        var name = new Option<string>("--name") { Description = "A short, unique name for the review", Required = true };
        var command = new Command("init", "Create a review from a protocol file (or record a new version of its protocol)")
        {
            protocol, name,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await InitReview.RunAsync(db, cli.Time,
                new InitReviewRequest(parse.GetValue(name)!, parse.GetValue(protocol)!.FullName), token);
            cli.Report(result, r => cli.Out.WriteLine(
                r.ReviewCreated ? $"created review '{r.Name}' (protocol {r.ProtocolHash[..12]})"
                : r.ProtocolChanged ? $"review '{r.Name}' now uses protocol {r.ProtocolHash[..12]} (version {r.ProtocolVersions})"
                : $"review '{r.Name}' already exists with this protocol ({r.ProtocolHash[..12]}); nothing changed"));
            return 0;
        }));
        return command;
    }
}
