using System.CommandLine;
using System.Text.Json;
using Screener.Core.Reporting;

namespace Screener.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var format = new Option<string>("--format") { Description = "md (a methods paragraph and a table) or json (every figure)", DefaultValueFactory = _ => "md" };
        var command = new Command("report", "Report the use of AI in the review, as journals ask (PRISMA 2020 item 8, RAISE): every figure from the database")
        {
            review, format,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            var wanted = parse.GetValue(format)!.Trim().ToLowerInvariant();
            if (wanted is not ("md" or "json")) throw new Core.ScreenerException($"--format '{wanted}' is not known; use md or json");
            await using var db = await cli.OpenDbAsync(token);
            var report = await BuildAiUseReport.RunAsync(db, parse.GetValue(review)!, token);
            await cli.Out.WriteAsync(wanted == "json" || cli.JsonOutput ? JsonSerializer.Serialize(report, CliRunner.JsonOptions) + "\n" : AiUseReportMarkdown.Render(report));
            return 0;
        }));
        return command;
    }
}
