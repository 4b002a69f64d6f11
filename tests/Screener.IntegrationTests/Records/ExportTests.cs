using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Jobs;
using Screener.Core.Reviews;
using Screener.Core.Tests.TestData;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Records;

public sealed class ExportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly string Protocol = Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml");
    private readonly string _dir = Directory.CreateTempSubdirectory("screener-export-").FullName;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        (await CliHarness.RunAsync(database, "init", "--protocol", Protocol, "--name", "A")).AssertExit(0);
        (await CliHarness.RunAsync(database, "init", "--protocol", Protocol, "--name", "B")).AssertExit(0);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, true);
        return Task.CompletedTask;
    }

    private static object Fields(Screener.Core.Records.Record r) => new
    {
        r.ExternalId, r.Title, r.Abstract, Authors = string.Join("|", r.Authors), r.Year, r.Journal, r.Doi, r.Pmid,
        Keywords = string.Join("|", r.Keywords),
    };

    private async Task<List<object>> RecordsOfAsync(string review)
    {
        await using var db = database.CreateDbContext();
        var id = await db.Reviews.Where(r => r.Name == review).Select(r => r.Id).SingleAsync();
        return (await db.Records.Where(r => r.ReviewId == id).OrderBy(r => r.SourcePosition).ToListAsync()).Select(Fields).ToList();
    }

    // A PubMed-sourced review (every record has a PMID) and one from another database (some without PMID or abstract).
    private static SyntheticDataset Dataset(string name) => name == "pubmed"
        ? SyntheticRecords.Generate(new("pubmed", 368, 80, 80, Seed: 2002) { DoiShare = 0.3 })
        : SyntheticRecords.Generate(new("openalex", 366, 0, 80, Seed: 2021) { PmidShare = 0.75, DoiShare = 0.9, AbstractShare = 0.8 });

    [Theory]
    [InlineData("ris", "openalex")]
    [InlineData("ris", "pubmed")]
    [InlineData("csv", "pubmed")]
    public async Task Exported_records_imported_into_another_review_are_the_same_field_by_field(string format, string dataset)
    {
        var data = Dataset(dataset);
        (await CliHarness.RunAsync(database, "import", "--review", "A", data.WriteCsv(_dir))).AssertExit(0);
        var file = Path.Combine(_dir, "export." + format);

        var export = await CliHarness.RunAsync(database, "export", "--review", "A", "--format", format, "--output", file);
        var import = await CliHarness.RunAsync(database, "import", "--review", "B", file);

        export.AssertExit(0);
        import.AssertExit(0);
        Assert.Contains(" 0 bad record(s)", import.Out, StringComparison.Ordinal);
        var a = await RecordsOfAsync("A");
        Assert.Equal(data.Records.Count, a.Count);
        Assert.Equal(a, await RecordsOfAsync("B"));
    }

    [Fact]
    public async Task CSV_export_carries_the_human_decision_reason_LLM_suggestion_and_flags()
    {
        await CliHarness.RunAsync(database, "import", "--review", "A", Path.Combine(Paths.Examples, "donners2021-emicizumab", "records.csv"));
        await SeedDecisionsAsync();
        var file = Path.Combine(_dir, "decisions.csv");

        var export = await CliHarness.RunAsync(database, "export", "--review", "A", "--format", "csv", "--output", file);

        export.AssertExit(0);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.StartsWith("record_id,title,abstract,doi,pmid,year,authors,journal,keywords,label_ta,label_final,screener_id,source", lines[0], StringComparison.Ordinal);
        var row = lines.Single(l => l.StartsWith("Donners_2021_1,", StringComparison.Ordinal));
        // The one column set (CLI and web): per stage state, decision, reason, settled by, every reviewer's decision;
        // full text is empty until the abstract stage includes the record; last: llm_include_probability.
        Assert.EndsWith(",settled,exclude,wrong population,humans,ann: exclude (wrong population); bob: exclude (wrong population),,,,,," +
            "include,0.8,,ungrounded-quote:E2,1", row, StringComparison.Ordinal);
        Assert.Contains("record_id,title,abstract,doi,pmid,year,authors,journal,keywords,label_ta,label_final,screener_id,source,source_file,source_line,duplicate_of," +
            "state_ta,decision_ta,reason_ta,settled_by_ta,human_decisions_ta,state_ft,decision_ft,reason_ft,settled_by_ft,human_decisions_ft," +
            "llm_decision,llm_confidence,llm_reason,flags,llm_include_probability", lines[0], StringComparison.Ordinal);
    }

    private async Task SeedDecisionsAsync()
    {
        await using var db = database.CreateDbContext();
        var review = await db.Reviews.Include(r => r.CurrentProtocolVersion).SingleAsync(r => r.Name == "A");
        var record = await db.Records.SingleAsync(r => r.ExternalId == "Donners_2021_1");
        var reviewers = new[] { "ann", "bob" }.Select(name => new Reviewer { UserName = name, CreatedAt = DateTimeOffset.UnixEpoch }).ToList();
        var run = new ScreeningRun { ReviewId = review.Id, ProtocolVersionId = review.CurrentProtocolVersionId!.Value, Provider = "local", Model = "m" };
        db.AddRange(reviewers);
        db.Add(run);
        await db.SaveChangesAsync();
        // Dual review (the protocol's): two agreeing exclusions settle the record.
        foreach (var reviewer in reviewers)
            db.HumanDecisions.Add(new HumanDecision
            {
                ReviewId = review.Id, RecordId = record.Id, ReviewerId = reviewer.Id, Stage = ReviewStage.TitleAbstract,
                Decision = ScreeningDecision.Exclude, ExclusionReason = "wrong population",
            });
        db.Suggestions.Add(new LlmSuggestion
        {
            RunId = run.Id,
            RecordId = record.Id,
            Slot = "s1",
            IdempotencyKey = "k",
            Status = SuggestionStatus.Parsed,
            Decision = ScreeningDecision.Include,
            Confidence = 0.8,
            Flags = ["ungrounded-quote:E2"],
            Audit = new LlmCallAudit { ProtocolHash = "h", PromptId = "p", PromptVersion = "1", PromptHash = "h", RenderedPromptHash = "h", Model = "m" },
        });
        await db.SaveChangesAsync();
    }
}
