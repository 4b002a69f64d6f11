using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Jobs;
using Screener.Core.Ranking;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;
using Reviewer = Screener.Core.Reviews.Reviewer;

namespace Screener.IntegrationTests.Reporting;

/// <summary>`report --review R --format json`: every figure checked against a seeded review (issue 22).</summary>
public sealed class AiUseReportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private const string SingleReviewer = """

        screening:
          dual_human_review: false
        """;

    /// <summary>
    /// Four records, one slot. LLM: include, include (with an ungrounded quote), exclude, exclude; records 3 and 4
    /// through a batch. Humans (one reviewer): record 1 include, 2 exclude, 3 exclude; 4 undecided.
    /// </summary>
    private async Task SeedAsync()
    {
        var records = await Screening.ScreeningFixture.SeedAsync(database, 4, protocolYaml: ProtocolYaml + SingleReviewer);
        await using var db = database.CreateDbContext();
        var review = await db.Reviews.SingleAsync();
        var ana = new Reviewer { UserName = "ana", Role = Core.Reviews.ReviewerRole.Reviewer, CreatedAt = At };
        db.Reviewers.Add(ana);
        var run = new ScreeningRun
        {
            ReviewId = review.Id, ProtocolVersionId = review.CurrentProtocolVersionId!.Value, Stage = RunStage.Screening, Status = RunStatus.Completed,
            Provider = "openai", Model = "gpt-4o-mini", CreatedAt = At,
            SettingsJson = ScreeningRunSettings.ToJson([new SlotSettings("A", "screening@1", new string('a', 64), "gpt-4o-mini", 0.0, 1, 7)]),
        };
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        ScreeningDecision[] llm = [ScreeningDecision.Include, ScreeningDecision.Include, ScreeningDecision.Exclude, ScreeningDecision.Exclude];
        for (var i = 0; i < 4; i++)
            db.Suggestions.Add(new LlmSuggestion
            {
                RunId = run.Id, RecordId = records[i].Id, Slot = "A", IdempotencyKey = $"k{i}", Status = SuggestionStatus.Parsed, Decision = llm[i],
                Confidence = 0.9, Flags = i == 1 ? ["ungrounded-quote"] : [],
                Audit = new LlmCallAudit
                {
                    ProtocolHash = "p", PromptId = "screening", PromptVersion = "1", PromptHash = "hash1", RenderedPromptHash = $"r{i}",
                    Model = "gpt-4o-mini", ReportedModel = "gpt-4o-mini-2024-07-18", PromptTokens = 100, CompletionTokens = 10,
                    Cost = i < 2 ? 0.01m : 0.005m, BatchId = i < 2 ? null : "batch_1", CreatedAt = At,
                },
            });
        ScreeningDecision[] human = [ScreeningDecision.Include, ScreeningDecision.Exclude, ScreeningDecision.Exclude];
        for (var i = 0; i < 3; i++)
            db.HumanDecisions.Add(new HumanDecision
            {
                ReviewId = review.Id, RecordId = records[i].Id, ReviewerId = ana.Id, Stage = ReviewStage.TitleAbstract, Decision = human[i],
                ExclusionReason = human[i] == ScreeningDecision.Exclude ? "wrong design" : null, LlmSuggestionShown = i < 2, DecidedAt = At.AddMinutes(i),
            });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Every_figure_of_the_json_report_comes_from_the_seeded_review()
    {
        await SeedAsync();

        var result = await CliHarness.RunAsync(database, "report", "--review", ReviewName, "--format", "json");

        result.AssertExit(0);
        var r = JsonDocument.Parse(result.Out).RootElement;
        var model = r.GetProperty("models").EnumerateArray().Single();
        Assert.Equal(("openai", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 0, 4), (model.GetProperty("provider").GetString(), model.GetProperty("model").GetString(),
            model.GetProperty("reportedModels").EnumerateArray().Single().GetString(), model.GetProperty("localModelSha256").GetArrayLength(), model.GetProperty("calls").GetInt32()));
        var prompt = r.GetProperty("prompts").EnumerateArray().Single();
        Assert.Equal(("screening", "1", "hash1", 4), (prompt.GetProperty("promptId").GetString(), prompt.GetProperty("version").GetString(),
            prompt.GetProperty("hash").GetString(), prompt.GetProperty("calls").GetInt32()));
        var slot = r.GetProperty("runs").EnumerateArray().Single().GetProperty("slots").EnumerateArray().Single();
        Assert.Equal(("A", 0.0, 7, 1), (slot.GetProperty("slot").GetString(), slot.GetProperty("temperature").GetDouble(), slot.GetProperty("seed").GetInt32(),
            slot.GetProperty("repeats").GetInt32()));
        Assert.Equal((4, 3, 3, 2, true), (r.GetProperty("recordsScreenedByLlm").GetInt32(), r.GetProperty("recordsDecidedByHumans").GetInt32(),
            r.GetProperty("humanDecisions").GetInt32(), r.GetProperty("decisionsWithSuggestionShown").GetInt32(), r.GetProperty("suggestionOnly").GetBoolean()));

        // Truth (human) 1 include, 2 and 3 exclude; LLM 1 include (TP), 2 include (FP), 3 exclude (TN).
        // Sensitivity 1/1, specificity 1/2, kappa (2/3 - 4/9) / (1 - 4/9) = 0.4.
        var agreement = r.GetProperty("agreement");
        Assert.Equal(3, agreement.GetProperty("records").GetInt32());
        Assert.Equal(1.0, agreement.GetProperty("sensitivity").GetProperty("value").GetDouble(), 6);
        Assert.Equal(0.5, agreement.GetProperty("specificity").GetProperty("value").GetDouble(), 6);
        Assert.Equal(0.4, agreement.GetProperty("kappa").GetProperty("value").GetDouble(), 6);
        Assert.True(agreement.GetProperty("kappa").GetProperty("low").GetDouble() < 0.4);

        var flags = r.GetProperty("hallucinations");
        Assert.Equal((4, 1, "ungrounded-quote", 1, 0), (flags.GetProperty("suggestionsChecked").GetInt32(), flags.GetProperty("suggestionsFlagged").GetInt32(),
            flags.GetProperty("byFlag").EnumerateArray().Single().GetProperty("flag").GetString(), flags.GetProperty("flaggedRecordsDecidedByHumans").GetInt32(),
            flags.GetProperty("extractionFieldsFlagged").GetInt32()));

        var stopping = r.GetProperty("stopping");
        Assert.Equal((3, 1), (stopping.GetProperty("screened").GetInt32(), stopping.GetProperty("includesFound").GetInt32()));
        Assert.Equal(RecallTest.PValue([true, false, false], 4), stopping.GetProperty("recallTestP").GetDouble(), 9);

        var cost = r.GetProperty("cost");
        Assert.Equal((4, 400L, 40L, 0.03m, 2, 0.01m, 2, 0.02m), (cost.GetProperty("calls").GetInt32(), cost.GetProperty("promptTokens").GetInt64(),
            cost.GetProperty("completionTokens").GetInt64(), cost.GetProperty("cost").GetDecimal(), cost.GetProperty("batchCalls").GetInt32(),
            cost.GetProperty("batchCost").GetDecimal(), cost.GetProperty("onlineCalls").GetInt32(), cost.GetProperty("onlineCost").GetDecimal()));

        var prisma = r.GetProperty("prisma");
        Assert.Equal((4, 2, 0, 1), (prisma.GetProperty("screened").GetInt32(), prisma.GetProperty("excludedByHumans").GetInt32(),
            prisma.GetProperty("excludedByAutomation").GetInt32(), prisma.GetProperty("includedAfterTitleAbstract").GetInt32()));
    }

    [Fact]
    public async Task The_markdown_report_has_a_methods_paragraph_and_a_table_of_the_same_figures()
    {
        await SeedAsync();

        var result = await CliHarness.RunAsync(database, "report", "--review", ReviewName);

        result.AssertExit(0);
        Assert.Contains("## Methods", result.Out);
        Assert.Contains("gpt-4o-mini (openai, snapshot gpt-4o-mini-2024-07-18)", result.Out);
        Assert.Contains("no record was excluded by automation", result.Out);
        Assert.Contains("| Cohen's kappa (95% CI) | 0.400 (", result.Out);
        Assert.Contains("| Cost (batch / online) | $0.03 ($0.01 / $0.02) |", result.Out);
        Assert.Contains("| Reviewer slot | run ", result.Out);
    }
}
