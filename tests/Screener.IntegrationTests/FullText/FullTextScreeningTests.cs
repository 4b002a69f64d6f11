using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.FullText;
using Screener.Core.HumanScreening;
using Screener.Core.Jobs;
using Screener.Core.Llm;
using Screener.Core.Prisma;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Screening;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.FullText;

/// <summary>`screen --stage fulltext`: records included at title/abstract with a text, page-anchored quotes, the chunks sent audited.</summary>
public sealed class FullTextScreeningTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private const string Protocol = ProtocolYaml + """

        screening:
          dual_human_review: false
        full_text:
          exclusion_reasons: [wrong population, wrong design, animal study, no mortality outcome]
        """;

    private static readonly string[] Paper =
    [
        "Atorvastatin in older adults: a randomised trial\nWe randomised 240 adults to atorvastatin or placebo.",
        "Methods\nParticipants were adults aged 70 or older living in the community.",
        "Results\nAll-cause mortality was lower with atorvastatin than with placebo.",
    ];

    private static string Reply(string i2Evidence = "We randomised 240 adults", int i2Page = 1) => $$"""
        {"criteria":[{"id":"I1","verdict":"met","evidence":"adults aged 70 or older","page":2,"reason":"age"},
                     {"id":"I2","verdict":"met","evidence":"{{i2Evidence}}","page":{{i2Page}},"reason":"RCT"},
                     {"id":"E1","verdict":"not_met","evidence":"","page":null,"reason":"humans"}],
         "decision":"include","exclusion_reason":null,"confidence":0.85}
        """;

    /// <summary>Three records: the first included at title/abstract with the paper attached, the second included without a text, the third excluded with one.</summary>
    private async Task<List<long>> SeedAsync(params string[] pages)
    {
        var records = (await ScreeningFixture.SeedAsync(database, 3, protocolYaml: Protocol)).Select(r => r.Id).ToList();
        await using var db = database.CreateDbContext();
        await AddReviewer.RunAsync(db, TimeProvider.System, new AddReviewerRequest("ann", "Ann", ReviewerRole.Reviewer, null), CancellationToken.None);
        await AddMembership.RunAsync(db, new AddMembershipRequest(ReviewName, "ann", ReviewerRole.Reviewer), CancellationToken.None);
        var ann = await ReviewAccess.RequireByNameAsync(db, ReviewName, "ann", CancellationToken.None);
        foreach (var (id, decision) in new[] { (records[0], ScreeningDecision.Include), (records[1], ScreeningDecision.Include), (records[2], ScreeningDecision.Exclude) })
            await RecordDecision.RunAsync(db, TimeProvider.System, ann,
                new DecideRequest(id, ReviewStage.TitleAbstract, decision, decision == ScreeningDecision.Exclude ? "wrong design" : null, null), CancellationToken.None);
        foreach (var id in new[] { records[0], records[2] })
        {
            var file = Path.Combine(Path.GetTempPath(), $"paper-{Guid.NewGuid():N}.txt");
            await File.WriteAllTextAsync(file, string.Join("\f", pages.Length > 0 ? pages : Paper));
            var attached = await AttachFullTexts.RunAsync(db, TimeProvider.System, new AttachFullTextsRequest(ReviewName, [file], id), new FullTextOptions(), null, CancellationToken.None);
            File.Delete(file);
            Assert.Equal(1, attached.Attached);
        }
        return records;
    }

    [Fact]
    public async Task The_cli_screens_only_included_records_with_a_text_and_grounds_each_quote_on_its_page()
    {
        var records = await SeedAsync();
        await using var server = await FakeLlmServer.StartAsync(_ => FakeLlmReply.Text(Reply(i2Page: 3)));
        var settings = new Dictionary<string, string?> { ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "screener-test" };

        var result = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--stage", "fulltext", "--json");
        var again = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--stage", "fulltext", "--json");

        result.AssertExit(0);
        Assert.Equal(1, JsonDocument.Parse(result.Out).RootElement.GetProperty("suggested").GetInt32());
        Assert.Equal(0, JsonDocument.Parse(again.Out).RootElement.GetProperty("processed").GetInt32());
        var request = Assert.Single(server.Requests);
        var user = request.LastMessage("user")!;
        Assert.Contains("[page 2]\nMethods", user);
        Assert.Contains("the whole text, 3 page(s)", user);
        Assert.Contains("no mortality outcome", request.LastMessage("system")!);
        await using var db = database.CreateDbContext();
        var suggestion = await db.Suggestions.SingleAsync();
        Assert.Equal(records[0], suggestion.RecordId);
        Assert.Equal(RunStage.FullTextScreening, (await db.Runs.SingleAsync(r => r.Id == suggestion.RunId)).Stage);
        Assert.Equal(("screening-fulltext", "1"), (suggestion.Audit.PromptId, suggestion.Audit.PromptVersion));
        Assert.StartsWith("ftscreen:", suggestion.IdempotencyKey);
        var verdicts = suggestion.Verdicts.ToDictionary(v => v.CriterionId);
        Assert.Equal((2, 2, true), (verdicts["I1"].Page, verdicts["I1"].FoundOnPage, verdicts["I1"].Grounded));
        Assert.Equal((3, 1, true), (verdicts["I2"].Page, verdicts["I2"].FoundOnPage, verdicts["I2"].Grounded));
        Assert.Equal(["quote-on-other-page:I2"], suggestion.Flags);
        using var sent = JsonDocument.Parse(suggestion.Audit.SourcePassagesJson!);
        Assert.True(sent.RootElement.GetProperty("wholeText").GetBoolean());
        Assert.Equal([1, 2, 3], sent.RootElement.GetProperty("pages").EnumerateArray().Select(p => p.GetInt32()));
        var ft = (await PrismaCountsQuery.RunAsync(db, (await db.Reviews.SingleAsync()).Id, CancellationToken.None)).FullText;
        Assert.Equal((2, 1, 1), (ft.ReportsSought, ft.ReportsNotRetrieved, ft.ReportsAssessed));
    }

    [Fact]
    public async Task The_full_text_estimate_counts_the_prompt_the_run_then_sends_and_makes_no_call()
    {
        await SeedAsync();
        var chat = new ScriptedChatClient((_, _, _) => Task.FromResult(Reply()));
        await using var services = Services(database, chat);

        var estimate = await Screen(services).EstimateAsync(new ScreenRequest(ReviewName, Stage: ReviewStage.FullText), CancellationToken.None);

        Assert.Empty(chat.Requests);
        Assert.Equal((1, 1), (estimate.Records, estimate.Calls)); // the included record with a text; not the one without
        await Screen(services).RunAsync(new ScreenRequest(ReviewName, Stage: ReviewStage.FullText), null, CancellationToken.None);
        var group = Assert.Single(estimate.Groups);
        var sent = Assert.Single(chat.Requests).Messages;
        Assert.Contains("[page 3]", sent[1].Text);
        Assert.Equal(PromptTokenCounter.For(group.Model, chat).Count(sent), group.PromptTokens);
    }

    [Fact]
    public async Task A_paper_over_the_budget_is_sent_as_its_most_relevant_chunks_which_the_audit_names()
    {
        // Each filler page differs: lines repeated on several pages would be taken for running headers and dropped.
        string Filler(int page) => string.Join("\n", Enumerable.Range(1, 60).Select(i => $"Background sentence {page}.{i} about lipid biology and cholesterol."));
        var records = await SeedAsync(Filler(1), "Methods\nParticipants were adults aged 70 or older living in the community.", Filler(3),
            "Design\nThis was a randomised controlled trial of atorvastatin.", Filler(5));
        var chat = new ScriptedChatClient((_, _, _) => Task.FromResult(Reply("a randomised controlled trial of atorvastatin", 4)
            .Replace("adults aged 70 or older\",\"page\":2", "adults aged 65 or older\",\"page\":2", StringComparison.Ordinal)));
        await using var services = Services(database, chat, new() { ["Screening:FullTextCharacters"] = "2500", ["Screening:ChunksPerCriterion"] = "2" });

        var result = await Screen(services).RunAsync(new ScreenRequest(ReviewName, Stage: ReviewStage.FullText), null, CancellationToken.None);

        Assert.Equal(1, result.Suggested);
        var user = Assert.Single(chat.Requests).Messages[1].Text;
        Assert.Contains("the passages most relevant to each criterion", user);
        Assert.Contains("adults aged 70 or older", user);
        Assert.Contains("randomised controlled trial of atorvastatin", user);
        Assert.True(user.Length < 5000, $"the prompt holds {user.Length} characters");
        await using var db = database.CreateDbContext();
        var suggestion = await db.Suggestions.SingleAsync(s => s.RecordId == records[0]);
        using var sent = JsonDocument.Parse(suggestion.Audit.SourcePassagesJson!);
        Assert.False(sent.RootElement.GetProperty("wholeText").GetBoolean());
        var chunkIds = sent.RootElement.GetProperty("chunks").EnumerateArray().Select(c => c.GetInt64()).ToList();
        Assert.NotEmpty(chunkIds);
        Assert.All(chunkIds, id => Assert.True(db.FullTextChunks.Any(c => c.Id == id && c.RecordId == records[0])));
        Assert.Contains("ungrounded-quote:I1", suggestion.Flags);
        Assert.Equal((4, 4), (suggestion.Verdicts.Single(v => v.CriterionId == "I2").Page, suggestion.Verdicts.Single(v => v.CriterionId == "I2").FoundOnPage));
    }
}
