using System.Text.Json;
using Screener.Core.Decisions;
using Screener.Core.Jobs;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Evaluation;

/// <summary>
/// `screener eval --review R` over a run stored in PostgreSQL. No orchestrator writes runs yet, so each test
/// inserts the suggestions and human decisions it needs directly.
/// </summary>
public sealed class EvalRunTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly DateTimeOffset At = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Majority_over_slots_is_scored_against_settled_human_decisions_with_flags_and_slot_agreement()
    {
        var ids = await SeedAsync();
        string R(int i) => ids[i - 1].ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await CliHarness.RunAsync(database, "eval", "--review", "R", "--json", "--bootstrap", "100");

        result.AssertExit(0);
        using var json = JsonDocument.Parse(result.Out);
        var report = json.RootElement.GetProperty("report");
        var majority = report.GetProperty("sets")[0];
        Assert.Equal("run 1 majority", majority.GetProperty("name").GetString());
        // Truth is the settled decision: r1 include (both agree), r2 exclude (both agree), r3 exclude (adjudicated);
        // r4 is a conflict without adjudication, r5 has one reviewer's include under dual review (not settled), r6 a
        // duplicate. Majority: r1 include, r2 tie -> unsure, r3 exclude.
        var coverage = majority.GetProperty("coverage");
        Assert.Equal(3, coverage.GetProperty("truthRecords").GetInt32());
        Assert.Equal(1, coverage.GetProperty("unsure").GetInt32());
        Assert.Equal(0, coverage.GetProperty("missing").GetInt32());
        Assert.Equal((1, 0, 0, 1), Matrix(majority, 0));
        Assert.Equal((1, 1, 0, 1), Matrix(majority, 1)); // unsure as include: r2 becomes a false positive
        Assert.Equal((1, 0, 0, 2), Matrix(majority, 2));
        Assert.Equal(3, report.GetProperty("sets").GetArrayLength()); // majority, slot s1, slot s2

        var flags = report.GetProperty("flags").EnumerateArray()
            .Select(f => (f.GetProperty("recordId").GetString(), f.GetProperty("source").GetString(), f.GetProperty("kind").GetString())).ToList();
        Assert.Contains((R(1), "slot s2", "ungrounded"), flags);
        Assert.Contains((R(2), "slot s1", "high-confidence-contradiction"), flags);
        Assert.Contains((R(5), "extraction draft 1 field n", "ungrounded"), flags);
        Assert.Equal(3, flags.Count);
        var h = report.GetProperty("hallucinations");
        Assert.Equal(9, h.GetProperty("suggestionsChecked").GetInt32());
        Assert.Equal(1, h.GetProperty("ungrounded").GetInt32());
        Assert.Equal(2, h.GetProperty("extractionFieldsChecked").GetInt32());
        Assert.Equal(1, h.GetProperty("extractionFieldsUngrounded").GetInt32());

        var agreement = report.GetProperty("agreement");
        Assert.Equal(4, agreement.GetProperty("records").GetInt32()); // r1-r4 have both slots' decisions
        Assert.Equal(0.75, agreement.GetProperty("allAgree").GetDouble(), 12);
        var notes = report.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ToList();
        Assert.Contains(notes, n => n!.Contains("1 record(s) with conflicting human decisions", StringComparison.Ordinal));
        Assert.Contains(notes, n => n!.Contains("1 record(s) still awaiting", StringComparison.Ordinal));
        Assert.Contains(notes, n => n!.Contains("1 suggestion(s) failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Imported_labels_can_be_the_truth_and_the_report_is_written()
    {
        await SeedAsync();
        var dir = Directory.CreateTempSubdirectory("eval-run-").FullName;

        var result = await CliHarness.RunAsync(database, "eval", "--review", "R", "--truth", "imported-ta", "--out", dir);

        result.AssertExit(0);
        Assert.Contains("imported title/abstract labels", result.Out);
        Assert.Contains("TP 2 FP 0 FN 1 TN 1", result.Out); // r4 now counts: labels r1..r5 = 1,0,0,1,1
        Assert.True(File.Exists(Path.Combine(dir, "report.md")));
        Assert.Contains("high-confidence-contradiction", await File.ReadAllTextAsync(Path.Combine(dir, "flags.csv")));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task A_review_without_a_screening_run_says_how_to_start_one()
    {
        await CliHarness.RunAsync(database, "init", "--protocol", Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"), "--name", "R");

        var result = await CliHarness.RunAsync(database, "eval", "--review", "R");

        result.AssertExit(2);
        Assert.Equal("error: review 'R' has no screening run yet: start one with `screener screen --review R`", result.Error.Trim());
    }

    private static (int, int, int, int) Matrix(JsonElement set, int view)
    {
        var m = set.GetProperty("views")[view].GetProperty("pooled").GetProperty("matrix");
        return (m.GetProperty("truePositives").GetInt32(), m.GetProperty("falsePositives").GetInt32(),
            m.GetProperty("falseNegatives").GetInt32(), m.GetProperty("trueNegatives").GetInt32());
    }

    [Fact]
    public async Task Records_of_two_imports_numbered_from_one_are_evaluated_apart_by_their_record_id()
    {
        var ids = await SeedAsync();
        await using (var db = database.CreateDbContext())
        {
            // A second CSV numbered from 1: its "r1" and "r2" are other records, both decided and suggested.
            var review = db.Reviews.Single();
            var source = new ImportSource { ReviewId = review.Id, SourceName = "second", FileName = "u.csv", FileSha256 = new string('1', 64), ImportedAt = At };
            db.ImportSources.Add(source);
            await db.SaveChangesAsync();
            var more = Enumerable.Range(1, 2).Select(i => new Core.Records.Record
            {
                ReviewId = review.Id, ImportSourceId = source.Id, SourcePosition = i, SourceLine = i + 1, ExternalId = $"r{i}", Title = $"Other {i}",
            }).ToList();
            db.Records.AddRange(more);
            await db.SaveChangesAsync();
            var run = db.Runs.Single(r => r.Stage == RunStage.Screening);
            foreach (var (record, i) in more.Select((r, i) => (r, i)))
            {
                db.Suggestions.Add(new LlmSuggestion
                {
                    RunId = run.Id,
                    RecordId = record.Id,
                    Slot = "s1",
                    IdempotencyKey = $"more-{i}",
                    Status = SuggestionStatus.Parsed,
                    Decision = ScreeningDecision.Exclude,
                    Confidence = 0.5,
                    Audit = new LlmCallAudit { ProtocolHash = "h", PromptId = "p", PromptVersion = "1", PromptHash = "ph", RenderedPromptHash = "rh", Model = "m", CreatedAt = At },
                });
                foreach (var who in db.Reviewers.ToList())
                    db.HumanDecisions.Add(new HumanDecision
                    {
                        ReviewId = review.Id, RecordId = record.Id, ReviewerId = who.Id, Stage = ReviewStage.TitleAbstract,
                        Decision = ScreeningDecision.Exclude, DecidedAt = At,
                    });
            }
            await db.SaveChangesAsync();
            ids = [.. ids, .. more.Select(r => r.Id)];
        }

        var result = await CliHarness.RunAsync(database, "eval", "--review", "R", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var slot = json.RootElement.GetProperty("report").GetProperty("sets").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "slot s1");
        // Both "r1" records are in the truth, each with its own vote: the second import's pair adds two true negatives
        // to the first import's one (r3).
        var matrix = slot.GetProperty("views")[0].GetProperty("pooled").GetProperty("matrix");
        Assert.Equal(3, matrix.GetProperty("trueNegatives").GetInt32());
        Assert.Equal(1, matrix.GetProperty("truePositives").GetInt32());
    }

    private async Task<List<long>> SeedAsync()
    {
        var init = await CliHarness.RunAsync(database, "init", "--protocol", Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"), "--name", "R");
        init.AssertExit(0);
        await using var db = database.CreateDbContext();
        var review = db.Reviews.Single();
        var source = new ImportSource { ReviewId = review.Id, SourceName = "test", FileName = "t.csv", FileSha256 = new string('0', 64), ImportedAt = At };
        db.ImportSources.Add(source);
        var a = new Reviewer { UserName = "a", CreatedAt = At };
        var b = new Reviewer { UserName = "b", CreatedAt = At };
        db.Reviewers.AddRange(a, b);
        await db.SaveChangesAsync();
        bool[] imported = [true, false, false, true, true, true];
        var records = Enumerable.Range(1, 6).Select(i => new Core.Records.Record
        {
            ReviewId = review.Id,
            ImportSourceId = source.Id,
            SourcePosition = i,
            SourceLine = i + 1,
            ExternalId = $"r{i}",
            Title = $"Record {i}",
            ImportedLabelTitleAbstract = imported[i - 1],
        }).ToList();
        db.Records.AddRange(records);
        await db.SaveChangesAsync();
        records[5].DuplicateOfId = records[0].Id;
        var run = new ScreeningRun { ReviewId = review.Id, ProtocolVersionId = review.CurrentProtocolVersionId!.Value, Stage = RunStage.Screening, Provider = "test", Model = "m", CreatedAt = At };
        var extraction = new ScreeningRun { ReviewId = review.Id, ProtocolVersionId = review.CurrentProtocolVersionId!.Value, Stage = RunStage.Extraction, Provider = "test", Model = "m", CreatedAt = At };
        db.Runs.AddRange(run, extraction);
        await db.SaveChangesAsync();

        void Suggest(int record, string slot, ScreeningDecision? decision, double confidence, params string[] flags) => db.Suggestions.Add(new LlmSuggestion
        {
            RunId = run.Id,
            RecordId = records[record - 1].Id,
            Slot = slot,
            IdempotencyKey = $"{record}-{slot}",
            Status = decision is null ? SuggestionStatus.Failed : SuggestionStatus.Parsed,
            Decision = decision,
            Confidence = confidence,
            Flags = [.. flags],
            Audit = new LlmCallAudit { ProtocolHash = "h", PromptId = "p", PromptVersion = "1", PromptHash = "ph", RenderedPromptHash = "rh", Model = "m", CreatedAt = At },
        });
        Suggest(1, "s1", ScreeningDecision.Include, 0.95);
        Suggest(1, "s2", ScreeningDecision.Include, 0.8, "ungrounded-quote:I1");
        Suggest(2, "s1", ScreeningDecision.Include, 0.93);
        Suggest(2, "s2", ScreeningDecision.Exclude, 0.7);
        Suggest(3, "s1", ScreeningDecision.Exclude, 0.9);
        Suggest(3, "s2", ScreeningDecision.Exclude, 0.99);
        Suggest(4, "s1", ScreeningDecision.Include, 0.6);
        Suggest(4, "s2", ScreeningDecision.Include, 0.6);
        Suggest(5, "s1", null, 0);
        Suggest(5, "s2", ScreeningDecision.Exclude, 0.91);

        void Decide(int record, Reviewer who, ScreeningDecision decision) => db.HumanDecisions.Add(new HumanDecision
        {
            ReviewId = review.Id,
            RecordId = records[record - 1].Id,
            ReviewerId = who.Id,
            Stage = ReviewStage.TitleAbstract,
            Decision = decision,
            DecidedAt = At,
        });
        Decide(1, a, ScreeningDecision.Include); Decide(1, b, ScreeningDecision.Include);
        Decide(2, a, ScreeningDecision.Exclude); Decide(2, b, ScreeningDecision.Exclude);
        Decide(3, a, ScreeningDecision.Include); Decide(3, b, ScreeningDecision.Exclude);
        Decide(4, a, ScreeningDecision.Include); Decide(4, b, ScreeningDecision.Exclude);
        Decide(5, a, ScreeningDecision.Include);
        db.Adjudications.Add(new Adjudication { ReviewId = review.Id, RecordId = records[2].Id, Stage = ReviewStage.TitleAbstract, AdjudicatorId = b.Id, Decision = ScreeningDecision.Exclude, DecidedAt = At });

        db.ExtractionDrafts.Add(new ExtractionDraft
        {
            RunId = extraction.Id,
            RecordId = records[4].Id,
            IdempotencyKey = "x5",
            SourceKind = "abstract",
            Fields =
            [
                new ExtractionDraftField { RecordId = records[4].Id, FieldName = "n", ValueJson = "120", Flags = ["ungrounded-value:n"] },
                new ExtractionDraftField { RecordId = records[4].Id, FieldName = "design", ValueJson = "\"RCT\"" },
            ],
            Audit = new LlmCallAudit { ProtocolHash = "h", PromptId = "p", PromptVersion = "1", PromptHash = "ph", RenderedPromptHash = "rh", Model = "m", CreatedAt = At },
        });
        await db.SaveChangesAsync();
        return records.Select(r => r.Id).ToList();
    }
}
