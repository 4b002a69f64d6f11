using System.CommandLine;
using Screener.Core.HumanScreening;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Cli.Commands;

/// <summary>`screener review decide | conflicts | agreement`: the same use cases the web API runs, for scripts.</summary>
internal static class ReviewDecideCommand
{
    public static Command Decide()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var user = new Option<string>("--user") { Description = "Decide as this reviewer (must belong to the review)", Required = true };
        var record = new Option<long>("--record") { Description = "The record id", Required = true };
        var decision = new Option<ScreeningDecision>("--decision") { Description = "include, exclude or unsure", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Exclusion reason (one of the protocol's exclusion_reasons)" };
        var note = new Option<string?>("--note") { Description = "A note kept with the decision" };
        var stage = StageOption.Create();
        var command = new Command("decide", "Record a reviewer's title/abstract or full-text decision on a record (again: replaces it)")
        {
            review, user, record, decision, reason, note, stage,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var actor = await ReviewAccess.RequireByNameAsync(db, parse.GetValue(review)!, parse.GetValue(user)!, token);
            var result = await RecordDecision.RunAsync(db, cli.Time, actor, new DecideRequest(parse.GetValue(record), StageOption.Parse(parse.GetValue(stage)),
                parse.GetValue(decision), parse.GetValue(reason), parse.GetValue(note)), token);
            cli.Report(result, r => cli.Out.WriteLine($"record {r.RecordId}: {r.Decision.ToString().ToLowerInvariant()}" +
                (r.Updated ? " (replaced the earlier decision)" : "") + $"; record is {r.RecordState.ToString().ToLowerInvariant()}"));
            return 0;
        }));
        return command;
    }

    public static Command Conflicts()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var stage = StageOption.Create();
        var command = new Command("conflicts", "List records whose human decisions disagree and are not adjudicated yet") { review, stage };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var found = await ReviewLookup.FindAsync(db, parse.GetValue(review)!, token);
            // Whoever runs the CLI has the database itself, so it sees what an admin sees.
            var conflicts = await ListConflicts.RunAsync(db, cli.Time, new ReviewActor(0, found.Id, ReviewerRole.Admin), StageOption.Parse(parse.GetValue(stage)), token);
            cli.Report(conflicts, list =>
            {
                cli.Out.WriteLine($"{list.Count} open conflict(s)");
                foreach (var c in list)
                    cli.Out.WriteLine($"record {c.RecordId}: {string.Join("; ", c.Decisions.Select(Describe))} | {c.Title} | versions {c.Versions}");
            });
            return 0;
        }));
        return command;
    }

    public static Command Agreement()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var stage = StageOption.Create();
        var command = new Command("agreement", "Human-human and human-LLM agreement (Cohen's kappa) on one stage's decisions") { review, stage };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var found = await ReviewLookup.FindAsync(db, parse.GetValue(review)!, token);
            var agreement = await ComputeAgreement.RunAsync(db, found.Id, StageOption.Parse(parse.GetValue(stage)), token);
            cli.Report(agreement, a =>
            {
                cli.Out.WriteLine($"human-human: {a.HumanHuman.Pairs} pairs, agreement {F(a.HumanHuman.ObservedAgreement)}, kappa {F(a.HumanHuman.Kappa)}");
                cli.Out.WriteLine($"human-LLM:   {a.HumanLlm.Pairs} pairs, agreement {F(a.HumanLlm.ObservedAgreement)}, kappa {F(a.HumanLlm.Kappa)}");
                cli.Out.WriteLine($"{a.DisagreeingPairs} human pair(s) disagreed, {a.Adjudicated} adjudicated");
            });
            return 0;
        }));
        return command;
    }

    /// <summary>A decision changed after its reviewer saw another's shows its independent value too: that one counts.</summary>
    private static string Describe(DecisionView d) =>
        $"{d.Reviewer} {d.Decision.ToString().ToLowerInvariant()}" +
        (d.ChangedAfterSeeingOthers ? $" (changed after seeing another's; independently {d.IndependentDecision.ToString().ToLowerInvariant()})" : "");

    private static string F(double? value) => value?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "n/a";
}
