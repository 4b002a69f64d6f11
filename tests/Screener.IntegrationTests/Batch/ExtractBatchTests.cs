using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Batch;

/// <summary>`extract --batch`: the same route as screening, with the extraction run's own handler.</summary>
public sealed class ExtractBatchTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    internal const string FormYaml = """

        extraction_form:
          - name: sample_size
            type: integer
            description: Number randomised.
            required: true
        """;

    private static string Reply(string request) =>
        "{\"fields\":{\"sample_size\":{\"value\":" + (request.Contains("number 1 in", StringComparison.Ordinal) ? 101 : 999)
        + ",\"not_reported\":false,\"evidence\":\"We randomised\",\"confidence\":0.8}}}";

    [Fact]
    public async Task Extraction_drafts_come_back_from_the_batch_grounded_and_audited_with_its_id()
    {
        await SeedAsync(database, 2, protocolYaml: ProtocolYaml + FormYaml);
        await using var server = await BatchRouteTests.PricedServerAsync(r => Reply(r.LastMessage("user") ?? ""));
        var settings = BatchRouteTests.OpenAISettings(server);

        var submit = await CliHarness.RunAsync(database, settings, "extract", "--review", ReviewName, "--records", "all", "--batch");

        submit.AssertExit(0);
        Assert.Contains("sent 2 request(s) in 1 batch(es)", submit.Out);
        server.Batches.Finish(FakeLlm.FakeBatchOutcome.Complete);
        var poll = await CliHarness.RunAsync(database, settings, "extract", "--review", ReviewName, "--records", "all", "--batch");

        poll.AssertExit(0);
        Assert.Equal(0, server.RequestCount);
        await using var db = database.CreateDbContext();
        var batchId = (await db.BatchSubmissions.SingleAsync()).BatchId;
        var drafts = await db.ExtractionDrafts.ToListAsync();
        Assert.Equal(2, drafts.Count);
        Assert.All(drafts, d => Assert.Equal((batchId, 0.6m), (d.Audit.BatchId, d.Audit.Cost)));
        // Record 2's reply invents 999: grounding flags it as for an online reply.
        var fields = await db.ExtractionFields.OrderBy(f => f.RecordId).ToListAsync();
        Assert.DoesNotContain("number-not-in-source", fields[0].Flags);
        Assert.Contains("number-not-in-source", fields[1].Flags);
        Assert.Equal(2, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Done));
    }
}
