using System.CommandLine;
using Screener.Core.Overview;

namespace Screener.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var command = new Command("status", "Show a review's protocol, PRISMA counts and run progress") { review };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var status = await GetReviewStatus.RunAsync(db, parse.GetValue(review)!, token);
            cli.Report(status, s => Write(cli.Out, s));
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, ReviewStatus s)
    {
        o.WriteLine($"review {s.Name} (id {s.ReviewId}), protocol {s.ProtocolHash?[..12] ?? "none"} ({s.ProtocolVersions} version(s))");
        var p = s.Prisma;
        o.WriteLine($"identified {p.Identified}: " + string.Join(", ", p.IdentifiedPerSource.Select(x => $"{x.Source} {x.Records}")));
        var f = p.Figures;
        o.WriteLine($"duplicates removed {p.DuplicatesRemoved}, unique records {f.UniqueRecords}");
        o.WriteLine($"settled {f.Settled}: included {f.Included}, excluded by humans {f.Excluded}, by automation {p.ExcludedByAutomation}; " +
            $"in conflict {f.InConflict}; awaiting a settled decision {f.AwaitingDecision}");
        o.WriteLine($"LLM suggestions {s.Suggestions}, human decisions {s.HumanDecisions}");
        foreach (var r in s.Runs)
            o.WriteLine($"run {r.RunId} {r.Stage} {r.Status} model {r.Model}: {r.Done}/{r.Total} done, {r.Failed} failed, {r.Pending} pending");
    }
}
