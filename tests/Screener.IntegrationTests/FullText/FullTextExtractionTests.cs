using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core;
using Screener.Core.Extraction;
using Screener.Core.FullText;
using Screener.Core.Llm;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Screening;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.FullText;

/// <summary>`extract --source`: values from the stored full text with their page, numbers checked on the cited page.</summary>
public sealed class FullTextExtractionTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
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

    private const string Paper = "Atorvastatin in older adults\nWe randomised 240 adults aged 70 or older to atorvastatin or placebo.\f" +
        "Methods\nThis was a randomised controlled trial (RCT) run in 12 centres.\f" +
        "Funding\nThe trial was funded by the National Heart Foundation. In total 236 participants completed follow-up.";

    /// <summary>The sample size cites page 1 but quotes page 3, whose number page 1 does not hold; design and funding cite their pages.</summary>
    private const string FullTextReply = """
        {"fields":{
          "sample_size":{"value":236,"not_reported":false,"evidence":"In total 236 participants","page":1,"confidence":0.8},
          "design":{"value":"RCT","not_reported":false,"evidence":"a randomised controlled trial (RCT)","page":2,"confidence":0.9},
          "funding":{"value":"National Heart Foundation","not_reported":false,"evidence":"funded by the National Heart Foundation","page":3,"confidence":0.9} } }
        """;

    private const string AbstractReply = """
        {"fields":{
          "sample_size":{"value":102,"not_reported":false,"evidence":"We randomised 102 adults","confidence":0.8},
          "design":{"value":"RCT","not_reported":false,"evidence":"We randomised","confidence":0.9},
          "funding":{"value":null,"not_reported":true,"evidence":"","confidence":0.7} } }
        """;

    private async Task<List<long>> SeedAsync(bool attach = true)
    {
        var records = (await ScreeningFixture.SeedAsync(database, 2, protocolYaml: ProtocolYaml + FormYaml)).Select(r => r.Id).ToList();
        if (!attach) return records;
        await using var db = database.CreateDbContext();
        var file = Path.Combine(Path.GetTempPath(), $"paper-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, Paper);
        await AttachFullTexts.RunAsync(db, TimeProvider.System, new AttachFullTextsRequest(ReviewName, [file], records[0]), new FullTextOptions(), null, CancellationToken.None);
        File.Delete(file);
        return records;
    }

    [Fact]
    public async Task Auto_drafts_from_the_full_text_where_attached_with_each_values_page_and_from_the_abstract_elsewhere()
    {
        var records = await SeedAsync();
        var chat = new ScriptedChatClient((m, _, _) => Task.FromResult(m[1].Text.Contains("[page 1]", StringComparison.Ordinal) ? FullTextReply : AbstractReply));
        await using var services = Services(database, chat);

        var result = await services.GetRequiredService<DraftExtractions>().RunAsync(new ExtractRequest(ReviewName, "all"), CancellationToken.None);

        Assert.Equal((2, 0), (result.Drafted, result.Failed));
        await using var db = database.CreateDbContext();
        var fromText = await db.ExtractionDrafts.Include(d => d.Fields).SingleAsync(d => d.RecordId == records[0]);
        Assert.StartsWith("full text (paper-", fromText.SourceKind);
        Assert.Equal(("extraction-fulltext", "1"), (fromText.Audit.PromptId, fromText.Audit.PromptVersion));
        using (var sent = JsonDocument.Parse(fromText.Audit.SourcePassagesJson!))
            Assert.True(sent.RootElement.GetProperty("wholeText").GetBoolean());
        var fields = fromText.Fields.ToDictionary(f => f.FieldName);
        Assert.Equal(1, fields["sample_size"].Page);
        Assert.Equal(["check-required", "number-not-in-source", "quote-on-other-page"], fields["sample_size"].Flags.Order());
        Assert.Equal((2, 0), (fields["design"].Page, fields["design"].Flags.Count));
        Assert.Equal((3, 0), (fields["funding"].Page, fields["funding"].Flags.Count));
        var fromAbstract = await db.ExtractionDrafts.Include(d => d.Fields).SingleAsync(d => d.RecordId == records[1]);
        Assert.Equal((ExtractionSource.Abstract, null), (fromAbstract.SourceKind, fromAbstract.Audit.SourcePassagesJson));
        Assert.All(fromAbstract.Fields, f => Assert.Null(f.Page));

        var csv = Path.Combine(Path.GetTempPath(), $"x-{Guid.NewGuid():N}.csv");
        await ExtractionTable.ExportAsync(db, ReviewName, "csv", csv, CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(csv);
        File.Delete(csv);
        var header = lines[0].Split(',').ToList();
        var row = lines[1].Split(',');
        Assert.Equal(("1", "2", "3"), (row[header.IndexOf("sample_size_page")], row[header.IndexOf("design_page")], row[header.IndexOf("funding_page")]));
    }

    [Fact]
    public async Task The_estimate_counts_the_full_text_prompt_where_a_text_is_stored_and_the_abstract_prompt_elsewhere()
    {
        await SeedAsync();
        var chat = new ScriptedChatClient((m, _, _) => Task.FromResult(m[1].Text.Contains("[page 1]", StringComparison.Ordinal) ? FullTextReply : AbstractReply));
        await using var services = Services(database, chat);
        var draft = services.GetRequiredService<DraftExtractions>();

        var estimate = await draft.EstimateAsync(new ExtractRequest(ReviewName, "all"), CancellationToken.None);

        Assert.Empty(chat.Requests);
        Assert.Equal(["extract", "extract (full text)"], estimate.Groups.Select(g => g.Name));
        Assert.Equal([1, 1], estimate.Groups.Select(g => g.Records));
        Assert.Equal(["extraction/v1", "extraction-fulltext/v1"], estimate.Groups.Select(g => g.Prompt));
        await draft.RunAsync(new ExtractRequest(ReviewName, "all"), CancellationToken.None);
        var counter = PromptTokenCounter.For(estimate.Groups[0].Model, chat);
        Assert.Equal(chat.Requests.Select(r => (long)counter.Count(r.Messages)).Order(), estimate.Groups.Select(g => g.PromptTokens).Order());
    }

    [Fact]
    public async Task Source_fulltext_drafts_only_records_with_a_text_and_says_so_when_there_is_none()
    {
        var chat = new ScriptedChatClient((_, _, _) => Task.FromResult(FullTextReply));
        await SeedAsync(attach: false);
        await using var services = Services(database, chat);

        var none = await Assert.ThrowsAsync<ScreenerException>(() =>
            services.GetRequiredService<DraftExtractions>().RunAsync(new ExtractRequest(ReviewName, "all", Source: ExtractRequest.FullTextSource), CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<ScreenerException>(() =>
            services.GetRequiredService<DraftExtractions>().RunAsync(new ExtractRequest(ReviewName, "all", Source: "pdf"), CancellationToken.None));

        Assert.Contains("none of these records has a readable full text attached", none.Message);
        Assert.Contains("--source 'pdf' is not known", unknown.Message);
        Assert.Empty(chat.Requests);
    }
}
