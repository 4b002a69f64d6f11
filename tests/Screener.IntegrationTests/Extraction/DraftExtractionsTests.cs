using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core;
using Screener.Core.Decisions;
using Screener.Core.Extraction;
using Screener.Core.Jobs;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Screening;
using static Screener.IntegrationTests.Screening.ScreeningFixture;
using Reviewer = Screener.Core.Reviews.Reviewer;

namespace Screener.IntegrationTests.Extraction;

public sealed class DraftExtractionsTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private const string FormYaml = """

        extraction_form:
          - name: sample_size
            type: integer
            description: Number randomised.
            required: true
          - name: design
            type: enum
            description: Design.
            required: true
            values: [RCT, cohort]
          - name: funding
            type: text
            description: Funder.
        """;

    private static string Reply(int sampleSize, string evidence) => $$"""
        {"fields":{
          "sample_size":{"value":{{sampleSize}},"not_reported":false,"evidence":"{{evidence}}","confidence":0.8},
          "design":{"value":"RCT","not_reported":false,"evidence":"We randomised","confidence":0.9},
          "funding":{"value":null,"not_reported":true,"evidence":"","confidence":0.7} } }
        """;

    private async Task<ServiceProvider> SeedAsync(ScriptedChatClient chat, int records = 2)
    {
        await ScreeningFixture.SeedAsync(database, records, protocolYaml: ProtocolYaml + FormYaml);
        return Services(database, chat);
    }

    [Fact]
    public async Task Drafts_are_typed_grounded_and_an_invented_sample_size_is_flagged()
    {
        // Record 1 says "We randomised 101 adults"; the reply for record 2 invents 250.
        var chat = new ScriptedChatClient((m, _, _) => Task.FromResult(m[1].Text.Contains("number 1 in", StringComparison.Ordinal)
            ? Reply(101, "We randomised 101 adults") : Reply(250, "We randomised 250 adults")));
        await using var services = await SeedAsync(chat);

        var result = await services.GetRequiredService<DraftExtractions>().RunAsync(new ExtractRequest(ReviewName, "all"), CancellationToken.None);

        Assert.Equal((2, 0, 0), (result.Drafted, result.Failed, result.Unparseable));
        Assert.Equal(1, result.FlaggedFields);
        await using var db = database.CreateDbContext();
        var fields = await db.ExtractionFields.OrderBy(f => f.RecordId).ThenBy(f => f.Id).ToListAsync();
        Assert.Equal(6, fields.Count);
        Assert.Equal(("101", FieldReviewStatus.Draft), (fields[0].ValueJson, fields[0].ReviewStatus));
        Assert.Equal(["check-required"], fields[0].Flags);
        Assert.Equal(["check-required", "ungrounded-quote", "number-not-in-source"], fields[3].Flags);
        Assert.True(fields[2].NotReported);
        Assert.Null(fields[2].ValueJson);
        var draft = await db.ExtractionDrafts.FirstAsync();
        Assert.Equal(("extraction", "1", "abstract"), (draft.Audit.PromptId, draft.Audit.PromptVersion, draft.SourceKind));
    }

    [Fact]
    public async Task Included_means_settled_human_includes_and_none_is_a_clear_error()
    {
        var chat = new ScriptedChatClient((_, _, _) => Task.FromResult(Reply(101, "We randomised 101 adults")));
        await using var services = await SeedAsync(chat, records: 3);
        var extract = services.GetRequiredService<DraftExtractions>();

        var none = await Assert.ThrowsAsync<ScreenerException>(() => extract.RunAsync(new ExtractRequest(ReviewName), CancellationToken.None));
        Assert.Contains("no records are included yet", none.Message);

        await using (var db = database.CreateDbContext())
        {
            var review = await db.Reviews.SingleAsync();
            var first = await db.Records.OrderBy(r => r.Id).FirstAsync();
            // Dual human review (the protocol's default): two reviewers must agree before a record counts as included.
            foreach (var name in new[] { "ana", "ben" })
            {
                var reviewer = new Reviewer { UserName = name, Role = ReviewerRole.Reviewer, CreatedAt = DateTimeOffset.UtcNow };
                db.Reviewers.Add(reviewer);
                await db.SaveChangesAsync();
                db.HumanDecisions.Add(new HumanDecision { ReviewId = review.Id, RecordId = first.Id, ReviewerId = reviewer.Id, Decision = ScreeningDecision.Include, DecidedAt = DateTimeOffset.UtcNow });
            }
            await db.SaveChangesAsync();
        }
        var result = await extract.RunAsync(new ExtractRequest(ReviewName), CancellationToken.None);

        Assert.Equal(1, result.Drafted);
        Assert.Single(chat.Requests);
    }

    [Fact]
    public async Task Extract_show_prints_the_raw_reply_of_a_draft_that_did_not_parse()
    {
        var chat = new ScriptedChatClient((_, _, _) => Task.FromResult("sample size is about a hundred"));
        await using var services = await SeedAsync(chat, records: 1);
        await services.GetRequiredService<DraftExtractions>().RunAsync(new ExtractRequest(ReviewName, "all"), CancellationToken.None);
        long recordId;
        await using (var db = database.CreateDbContext()) recordId = (await db.Records.SingleAsync()).Id;

        var show = await CliHarness.RunAsync(database, "extract", "show", "--review", ReviewName, "--record", $"{recordId}");

        Assert.Equal(0, show.ExitCode);
        Assert.Contains("unparseable", show.Out);
        Assert.Contains("the reply did not parse", show.Out);
        Assert.Contains("sample size is about a hundred", show.Out);
    }

    [Fact]
    public async Task Extract_show_after_an_edit_shows_the_final_value_beside_the_draft()
    {
        var chat = new ScriptedChatClient((_, _, _) => Task.FromResult(Reply(101, "We randomised 101 adults")));
        await using var services = await SeedAsync(chat, records: 1);
        await services.GetRequiredService<DraftExtractions>().RunAsync(new ExtractRequest(ReviewName, "all"), CancellationToken.None);
        long recordId;
        await using (var db = database.CreateDbContext()) recordId = (await db.Records.SingleAsync()).Id;
        Assert.Equal(0, (await CliHarness.RunAsync(database, "review", "user", "add", "--name", "ana", "--role", "reviewer")).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync(database, "review", "member", "add", "--review", ReviewName, "--user", "ana", "--role", "reviewer")).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync(database, "extract", "verify", "--review", ReviewName, "--record", $"{recordId}", "--field", "design", "--edit", "cohort", "--user", "ana")).ExitCode);

        var show = await CliHarness.RunAsync(database, "extract", "show", "--review", ReviewName, "--record", $"{recordId}");
        var json = await CliHarness.RunAsync(database, "extract", "show", "--review", ReviewName, "--record", $"{recordId}", "--json");

        Assert.Contains("design: cohort (draft: RCT) [Edited]", show.Out);
        Assert.Contains("sample_size: 101 [Draft]", show.Out);
        var design = JsonDocument.Parse(json.Out).RootElement.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("fieldName").GetString() == "design");
        Assert.Equal(("cohort", "RCT"), (design.GetProperty("value").GetString(), design.GetProperty("draftValue").GetString()));
    }

    [Fact]
    public async Task A_human_verifies_fields_and_the_table_exports_final_values_with_status_columns()
    {
        var chat = new ScriptedChatClient((_, _, _) => Task.FromResult(Reply(101, "We randomised 101 adults")));
        await using var services = await SeedAsync(chat, records: 1);
        await services.GetRequiredService<DraftExtractions>().RunAsync(new ExtractRequest(ReviewName, "all"), CancellationToken.None);
        long recordId;
        await using (var db = database.CreateDbContext()) recordId = (await db.Records.SingleAsync()).Id;

        foreach (var user in new[] { "ana", "ben" })
        {
            (await CliHarness.RunAsync(database, "review", "user", "add", "--name", user, "--role", "reviewer")).AssertExit(0);
            (await CliHarness.RunAsync(database, "review", "member", "add", "--review", ReviewName, "--user", user, "--role", "reviewer")).AssertExit(0);
        }
        var outsider = await CliHarness.RunAsync(database, "extract", "verify", "--review", ReviewName, "--record", $"{recordId}", "--field", "design", "--accept", "--user", "nobody");
        var accept = await CliHarness.RunAsync(database, "extract", "verify", "--review", ReviewName, "--record", $"{recordId}", "--field", "sample_size", "--accept", "--user", "ana", "--json");
        var edit = await CliHarness.RunAsync(database, "extract", "verify", "--review", ReviewName, "--record", $"{recordId}", "--field", "design", "--edit", "cohort", "--user", "ben");
        var bad = await CliHarness.RunAsync(database, "extract", "verify", "--review", ReviewName, "--record", $"{recordId}", "--field", "design", "--edit", "case series", "--user", "ben");

        outsider.AssertExit(2);
        accept.AssertExit(0);
        Assert.Equal("Accepted", JsonDocument.Parse(accept.Out).RootElement.GetProperty("status").GetString());
        edit.AssertExit(0);
        bad.AssertExit(2);
        Assert.Contains("must be one of RCT, cohort", bad.Error);

        await using var check = database.CreateDbContext();
        var design = await check.ExtractionFields.SingleAsync(f => f.FieldName == "design");
        Assert.Equal(("\"RCT\"", "\"cohort\"", FieldReviewStatus.Edited), (design.ValueJson, design.FinalValueJson, design.ReviewStatus));
        Assert.Equal("ben", (await check.Reviewers.SingleAsync(r => r.Id == design.VerifiedById)).UserName);

        var csv = Path.Combine(Path.GetTempPath(), $"x-{Guid.NewGuid():N}.csv");
        var xlsx = Path.ChangeExtension(csv, ".xlsx");
        var viaCli = await CliHarness.RunAsync(database, "export", "--review", ReviewName, "--extraction", "--format", "csv", "--output", csv);
        viaCli.AssertExit(0);
        var table = await ExtractionTable.ExportAsync(check, ReviewName, "xlsx", xlsx, CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal("record_id,title,year,sample_size,sample_size_status,sample_size_flags,sample_size_page,design,design_status,design_flags,design_page," +
            "funding,funding_status,funding_flags,funding_page", lines[0]);
        Assert.EndsWith(",,101,verified,check-required,,cohort,edited,,,not reported,draft,,", lines[1]);
        Assert.Equal((1, 3, 2), (table.Studies, table.Fields, table.Verified));
        using (var zip = ZipFile.OpenRead(xlsx))
        {
            using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
            var xml = System.Xml.Linq.XDocument.Parse(await sheet.ReadToEndAsync());
            Assert.Equal(2, xml.Descendants().Count(e => e.Name.LocalName == "row"));
        }
        File.Delete(csv);
        File.Delete(xlsx);
    }

    [Fact]
    public async Task An_extracted_value_that_starts_like_a_formula_is_neutralised_in_the_csv_and_stays_text_in_the_xlsx()
    {
        // LLM-extracted values are a second way in for formula injection (issue 17 item 11).
        const string Formula = "=1+2+cmd|' /C calc'!A0";
        var chat = new ScriptedChatClient((_, _, _) => Task.FromResult($$"""
            {"fields":{
              "sample_size":{"value":101,"not_reported":false,"evidence":"We randomised 101 adults","confidence":0.8},
              "design":{"value":"RCT","not_reported":false,"evidence":"We randomised","confidence":0.9},
              "funding":{"value":"{{Formula}}","not_reported":false,"evidence":"We randomised","confidence":0.7} } }
            """));
        await using var services = await SeedAsync(chat, records: 1);
        await services.GetRequiredService<DraftExtractions>().RunAsync(new ExtractRequest(ReviewName, "all"), CancellationToken.None);
        var csv = Path.Combine(Path.GetTempPath(), $"x-{Guid.NewGuid():N}.csv");
        var xlsx = Path.ChangeExtension(csv, ".xlsx");

        var csvExport = await CliHarness.RunAsync(database, "export", "--review", ReviewName, "--extraction", "--format", "csv", "--output", csv);
        var xlsxExport = await CliHarness.RunAsync(database, "export", "--review", ReviewName, "--extraction", "--format", "xlsx", "--output", xlsx);

        Assert.Equal((0, 0), (csvExport.ExitCode, xlsxExport.ExitCode));
        var cells = (await File.ReadAllLinesAsync(csv))[1].Split(',');
        Assert.Equal(("101", "'" + Formula), (cells[3], cells[11]));
        var (rows, formulas) = XlsxReadBack.Read(await File.ReadAllBytesAsync(xlsx));
        Assert.Equal(0, formulas);
        Assert.Equal((new XlsxCell("101", false, false), new XlsxCell(Formula, true, true)), (rows[1][3], rows[1][11]));
        File.Delete(csv);
        File.Delete(xlsx);
    }
}
