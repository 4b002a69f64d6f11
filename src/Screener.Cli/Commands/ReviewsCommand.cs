using System.CommandLine;
using Screener.Core.Overview;

namespace Screener.Cli.Commands;

internal static class ReviewsCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "Also list archived reviews" };
        var command = new Command("reviews", "List the reviews with their records, settled and included counts and protocol version") { all };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var reviews = await ListReviews.RunAsync(db, parse.GetValue(all), token);
            cli.Report(reviews, r => Write(cli.Out, r));
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, IReadOnlyList<ReviewSummary> reviews)
    {
        if (reviews.Count == 0)
        {
            o.WriteLine("no active reviews: create one with `screener init --protocol FILE --name NAME` (archived ones: `screener reviews --all`)");
            return;
        }
        foreach (var r in reviews)
            o.WriteLine($"{r.Name} (id {r.ReviewId}): {r.UniqueRecords} unique records, {r.Settled} settled, {r.Included} included; " +
                $"protocol v{r.ProtocolVersion} of {r.ProtocolVersions} ({r.ProtocolHash?[..12] ?? "none"})" +
                (r.ArchivedAt is { } at ? $"; archived {at:yyyy-MM-dd}" : ""));
    }
}
