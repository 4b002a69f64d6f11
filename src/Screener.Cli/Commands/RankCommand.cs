using System.CommandLine;
using System.Globalization;
using Screener.Core.Ranking;

namespace Screener.Cli.Commands;

internal static class RankCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var top = new Option<int>("--top") { Description = "How many of the ranked records to list (0: all)", DefaultValueFactory = _ => 20 };
        var demo = new Option<int>("--demo-labels")
        {
            Description = "Demonstration only: treat the imported labels of the first N records as human decisions", DefaultValueFactory = _ => 0,
        };
        var command = new Command("rank", "Rank the unscreened records by likely relevance (active learning on the human decisions) with a stopping aid")
        {
            review, top, demo,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await RankRecords.RunAsync(db, new RankRecordsRequest(parse.GetValue(review)!, parse.GetValue(top), parse.GetValue(demo)), token);
            cli.Report(result, r => Write(cli.Out, r));
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter o, RankRecordsResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine($"{r.Unscreened} of {r.UniqueRecords} unique records unscreened, ranked by {r.Method}");
        if (r.Note is not null) o.WriteLine($"note: {r.Note}");
        foreach (var x in r.Records)
            o.WriteLine(string.Create(inv, $"{x.Rank,5}. {x.Score:F3}  {x.RecordId}{(x.ExternalId is null ? "" : $" [{x.ExternalId}]")}  {x.Title}") +
                (x.LlmProbability is { } p ? string.Create(inv, $"  (LLM {p:F2})") : ""));
        var s = r.Stopping;
        o.WriteLine($"stopping aid: {s.Screened} screened, {s.IncludesFound} includes found, {s.RecordsSinceLastInclude} screened since the last include" +
            (s.EstimatedRecall is { } recall
                ? string.Create(inv, $", about {s.ExpectedRemainingIncludes:F1} includes expected among the unscreened (estimated recall {recall:P0})")
                : ""));
        o.WriteLine(string.Create(inv, $"recall test: p = {s.RecallTestP:0.###} that recall is still below 95% ") +
            (s.RecallTestPassed
                ? "(below 0.05: 95% recall reached at 95% confidence, if the decisions were made in the order recorded)"
                : "(not below 0.05: keep screening, or screen a random sample of the rest)"));
    }
}
