using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Cli;
using Screener.Core.Decisions;
using Screener.Core.FullText;
using Screener.Core.Reviews;
using Screener.Core.Tests.TestData;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.FullText;

/// <summary>`screener fulltext attach | status | show` against PostgreSQL, with generated PDFs, text and JATS files.</summary>
public sealed class FullTextCliTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string HeartTitle = "Derivation of a risk model for heart failure readmission in older adults";
    private const string CohortTitle = "Emicizumab prophylaxis in haemophilia A with inhibitors: a cohort of forty patients";
    private const string CentresTitle = "Prophylactic treatment effects in severe haemophilia across twelve European centres";
    private readonly string _folder = Directory.CreateTempSubdirectory("screener-fulltext-").FullName;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await CliHarness.RunAsync(database, "init", "--protocol", Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"), "--name", "R");
        var csv = Path.Combine(_folder, "records.csv");
        await File.WriteAllTextAsync(csv, string.Join("\n",
            "record_id,title,abstract,doi,pmid",
            $"heart,\"{HeartTitle}\",An abstract.,https://doi.org/10.5555/JSR.2026.014,",
            $"cohort,\"{CohortTitle}\",An abstract.,,31234567",
            "smith2020,Long-term bleeding outcomes after switching prophylaxis in a national registry,An abstract.,,",
            $"centres,\"{CentresTitle}\",An abstract.,,",
            "scanned,Quality of life with weekly subcutaneous prophylaxis: a questionnaire study,An abstract.,,",
            "missing,Joint health after ten years of prophylaxis in a paediatric cohort,An abstract.,,") + "\n");
        (await CliHarness.RunAsync(database, "import", "--review", "R", csv)).AssertExit(0);
        File.Delete(csv);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<Dictionary<string, long>> RecordIdsAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.Records.ToDictionaryAsync(r => r.ExternalId!, r => r.Id);
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder, "papers", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    private void WritePapers()
    {
        Write("a.pdf", TestPdfs.Paper(new PaperSpec("A paper whose title is not the record's", "10.5555/jsr.2026.014", 3)));
        Write("b.txt", System.Text.Encoding.UTF8.GetBytes($"Some journal\nPMID: 31234567\n\nIntroduction\nText of the first page.\fMethods\nText of the second page.\n"));
        Write("smith2020.txt", "Introduction\nA text whose only link to its record is the file name.\n"u8.ToArray());
        Write("d.xml", System.Text.Encoding.UTF8.GetBytes(Jats(CentresTitle)));
        Write("scan.pdf", TestPdfs.WithoutTextLayer(2));
        var whole = TestPdfs.Paper(new PaperSpec("Broken", null, 2));
        Write("broken.pdf", whole[..(whole.Length / 2)]);
        Write("other.txt", "Methods\nA paper about something else entirely, named by no record.\n"u8.ToArray());
    }

    [Fact]
    public async Task Attach_matches_by_doi_pmid_imported_id_and_title_and_reports_unmatched_and_failed_files_while_the_rest_goes_on()
    {
        WritePapers();
        var ids = await RecordIdsAsync();

        var result = await CliHarness.RunAsync(database, "fulltext", "attach", "--review", "R", Path.Combine(_folder, "papers"), "--json");

        result.AssertExit(2);
        var attach = JsonSerializer.Deserialize<AttachFullTextsResult>(result.Out, CliRunner.JsonOptions)!;
        var byName = attach.Files.ToDictionary(f => Path.GetFileName(f.Path));
        Assert.Equal((ids["heart"], "doi"), (byName["a.pdf"].RecordId!.Value, byName["a.pdf"].MatchedBy!));
        Assert.Equal((ids["cohort"], "pmid"), (byName["b.txt"].RecordId!.Value, byName["b.txt"].MatchedBy!));
        Assert.Equal((ids["smith2020"], "imported id"), (byName["smith2020.txt"].RecordId!.Value, byName["smith2020.txt"].MatchedBy!));
        Assert.Equal((ids["centres"], "title"), (byName["d.xml"].RecordId!.Value, byName["d.xml"].MatchedBy!));
        Assert.Equal(AttachOutcome.Unmatched, byName["scan.pdf"].Outcome);
        Assert.Contains("no OCR", byName["scan.pdf"].Reason);
        Assert.Equal(AttachOutcome.Unmatched, byName["other.txt"].Outcome);
        Assert.Equal(AttachOutcome.Failed, byName["broken.pdf"].Outcome);
        Assert.Contains("broken.pdf", byName["broken.pdf"].Reason);
        Assert.Contains("broken.pdf", result.Error);
        Assert.Equal((4, 2, 1), (attach.Attached, attach.Unmatched, attach.Failed));
        Assert.Equal(3, byName["a.pdf"].Pages);
        Assert.Equal(2, byName["b.txt"].Pages);

        await using var db = database.CreateDbContext();
        var chunks = await db.FullTextChunks.Where(c => c.RecordId == ids["heart"]).ToListAsync();
        var pages = await db.FullTextPages.Where(p => db.FullTextDocuments.Any(d => d.Id == p.DocumentId && d.RecordId == ids["heart"])).ToDictionaryAsync(p => p.PageNumber, p => p.Text);
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.Equal(pages[c.PageNumber][c.Start..c.End], c.Text));
        Assert.All(chunks, c => Assert.Equal(("hashed-tfidf-v1-d2048", 2048), (c.Model, c.Embedding.ToArray().Length)));
    }

    [Fact]
    public async Task Attaching_the_same_files_again_changes_nothing_and_stores_each_file_once()
    {
        WritePapers();
        await CliHarness.RunAsync(database, "fulltext", "attach", "--review", "R", Path.Combine(_folder, "papers"));
        await using var before = database.CreateDbContext();
        var counts = (await before.FullTextFiles.CountAsync(), await before.FullTextPages.CountAsync(), await before.FullTextChunks.CountAsync());

        var again = await CliHarness.RunAsync(database, "fulltext", "attach", "--review", "R", Path.Combine(_folder, "papers"), "--json");

        var attach = JsonSerializer.Deserialize<AttachFullTextsResult>(again.Out, CliRunner.JsonOptions)!;
        Assert.Equal(4, attach.Files.Count(f => f.Outcome == AttachOutcome.Unchanged));
        await using var after = database.CreateDbContext();
        Assert.Equal(counts, (await after.FullTextFiles.CountAsync(), await after.FullTextPages.CountAsync(), await after.FullTextChunks.CountAsync()));
        Assert.Equal(4, counts.Item1);
    }

    [Fact]
    public async Task Status_lists_records_included_at_title_abstract_with_and_without_text_and_counts_not_retrieved()
    {
        WritePapers();
        var ids = await RecordIdsAsync();
        await CliHarness.RunAsync(database, "fulltext", "attach", "--review", "R", Path.Combine(_folder, "papers"));
        var byHand = await CliHarness.RunAsync(database, "fulltext", "attach", "--review", "R", "--record", ids["scanned"].ToString(), Path.Combine(_folder, "papers", "scan.pdf"));
        await SettleAsync(ids, include: ["heart", "cohort", "centres", "scanned", "missing"], exclude: ["smith2020"]);

        var result = await CliHarness.RunAsync(database, "fulltext", "status", "--review", "R", "--json");
        var text = await CliHarness.RunAsync(database, "fulltext", "status", "--review", "R");

        byHand.AssertExit(0);
        Assert.Contains("needs OCR", byHand.Out);
        result.AssertExit(0);
        var status = JsonSerializer.Deserialize<FullTextStatusResult>(result.Out, CliRunner.JsonOptions)!;
        Assert.Equal((5, 3, 1, 0, 1, 1), (status.Sought, status.WithText, status.NeedsOcr, status.Failed, status.NotRetrieved, status.AttachedOutside));
        Assert.Equal(RetrievalState.NotRetrieved, status.Records.Single(r => r.RecordId == ids["missing"]).State);
        Assert.Equal(RetrievalState.NeedsOcr, status.Records.Single(r => r.RecordId == ids["scanned"]).State);
        Assert.Contains("1 not retrieved", text.Out);
        // One rule for "not retrieved": the scanned PDF that needs OCR was obtained, so PRISMA does not count it either.
        var prisma = await CliHarness.RunAsync(database, "prisma", "--review", "R", "--json");
        prisma.AssertExit(0);
        Assert.Equal(status.NotRetrieved, JsonDocument.Parse(prisma.Out).RootElement.GetProperty("fullText").GetProperty("reportsNotRetrieved").GetInt32());
    }

    [Fact]
    public async Task Show_prints_the_text_page_by_page_and_a_record_without_one_is_a_clear_error()
    {
        WritePapers();
        var ids = await RecordIdsAsync();
        await CliHarness.RunAsync(database, "fulltext", "attach", "--review", "R", Path.Combine(_folder, "papers"));

        var shown = await CliHarness.RunAsync(database, "fulltext", "show", "--review", "R", "--record", ids["cohort"].ToString());
        var json = await CliHarness.RunAsync(database, "fulltext", "show", "--review", "R", "--record", ids["heart"].ToString(), "--json");
        var none = await CliHarness.RunAsync(database, "fulltext", "show", "--review", "R", "--record", ids["missing"].ToString());

        shown.AssertExit(0);
        Assert.Contains("--- page 1 ---\nSome journal", shown.Out.ReplaceLineEndings("\n"));
        Assert.Contains("--- page 2 ---\nMethods\n\nText of the second page.", shown.Out.ReplaceLineEndings("\n"));
        var show = JsonSerializer.Deserialize<ShowFullTextResult>(json.Out, CliRunner.JsonOptions)!;
        Assert.Equal([1, 2, 3], show.FullText.Pages.Select(p => p.PageNumber));
        none.AssertExit(2);
        Assert.Contains($"record {ids["missing"]} has no full text", none.Error);
    }

    [Fact]
    public async Task Relevant_chunks_for_a_query_come_from_the_section_that_answers_it()
    {
        WritePapers();
        var ids = await RecordIdsAsync();
        await CliHarness.RunAsync(database, "fulltext", "attach", "--review", "R", Path.Combine(_folder, "papers", "d.xml"));
        await using var db = database.CreateDbContext();

        var chunks = await RelevantChunks.FindAsync(db, ids["centres"], "hazard ratio for mortality", 2, null, CancellationToken.None);
        var methods = await RelevantChunks.FindAsync(db, ids["centres"], "logistic regression bootstrap validation", 1, null, CancellationToken.None);

        Assert.Equal(2, chunks.Count);
        Assert.Equal("Results", chunks[0].Section);
        Assert.Contains("hazard ratio", chunks[0].Text);
        Assert.True(chunks[0].Similarity >= chunks[1].Similarity);
        Assert.Equal("Methods", methods.Single().Section);
    }

    [Fact]
    public async Task A_file_by_hand_to_a_record_of_another_review_or_a_folder_is_refused()
    {
        WritePapers();

        var unknown = await CliHarness.RunAsync(database, "fulltext", "attach", "--review", "R", "--record", "999999", Path.Combine(_folder, "papers", "a.pdf"));
        var folder = await CliHarness.RunAsync(database, "fulltext", "attach", "--review", "R", "--record", "1", Path.Combine(_folder, "papers"));

        unknown.AssertExit(2);
        Assert.Contains("has no record 999999", unknown.Error);
        folder.AssertExit(2);
        Assert.Contains("exactly one file", folder.Error);
    }

    private async Task SettleAsync(Dictionary<string, long> ids, string[] include, string[] exclude)
    {
        await using var db = database.CreateDbContext();
        var adjudicator = new Reviewer { UserName = "adjudicator", Role = ReviewerRole.Reviewer };
        db.Reviewers.Add(adjudicator);
        await db.SaveChangesAsync();
        var review = await db.Reviews.SingleAsync();
        foreach (var (names, decision) in new[] { (include, ScreeningDecision.Include), (exclude, ScreeningDecision.Exclude) })
            foreach (var name in names)
                db.Adjudications.Add(new Adjudication
                {
                    ReviewId = review.Id, RecordId = ids[name], Stage = ReviewStage.TitleAbstract, AdjudicatorId = adjudicator.Id, Decision = decision,
                    ExclusionReason = decision == ScreeningDecision.Exclude ? "wrong population" : null,
                });
        await db.SaveChangesAsync();
    }

    private static string Jats(string title) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
        <article article-type="research-article">
          <front><article-meta>
            <title-group><article-title>{title}</article-title></title-group>
            <abstract><p>Twelve centres reported outcomes of prophylaxis.</p></abstract>
          </article-meta></front>
          <body>
            <sec><title>Methods</title><p>We fitted logistic regression models and checked them with bootstrap validation over the twelve centres.</p></sec>
            <sec><title>Results</title><p>The hazard ratio for mortality was 0.81 (95% CI 0.70 to 0.94) with prophylaxis.</p>
              <table-wrap><caption><p>Table 1. Events by arm</p></caption><table><tr><td>Arm</td><td>Events</td></tr><tr><td>Prophylaxis</td><td>42</td></tr></table></table-wrap>
            </sec>
          </body>
          <back><ref-list><ref><mixed-citation>Another study. doi:10.9999/other.1</mixed-citation></ref></ref-list></back>
        </article>
        """;
}
