using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Web;

namespace Screener.IntegrationTests.Reviews;

/// <summary>`screener reviews` and the "did you mean" answer to a misspelled review name (issue 21 item 6).</summary>
public sealed class ReviewsCliTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Settles two of A's records through an adjudicator: one include, one exclude.</summary>
    private async Task SettleTwoAsync()
    {
        await using var db = database.CreateDbContext();
        var carol = await db.Reviewers.Where(r => r.UserName == "carol").Select(r => r.Id).SingleAsync();
        db.Adjudications.AddRange(
            new Adjudication { ReviewId = _seed.ReviewA, RecordId = _seed.RecordsA[0], Stage = ReviewStage.TitleAbstract, AdjudicatorId = carol, Decision = ScreeningDecision.Include },
            new Adjudication { ReviewId = _seed.ReviewA, RecordId = _seed.RecordsA[1], Stage = ReviewStage.TitleAbstract, AdjudicatorId = carol, Decision = ScreeningDecision.Exclude, ExclusionReason = "wrong population" });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Reviews_lists_each_review_with_its_settled_figures_and_protocol_version()
    {
        await SettleTwoAsync();

        var text = await CliHarness.RunAsync(database, "reviews");
        var json = await CliHarness.RunAsync(database, "reviews", "--json");

        text.AssertExit(0);
        Assert.Contains($"A (id {_seed.ReviewA}): {_seed.RecordsA.Count} unique records, 2 settled, 1 included; protocol v1 of 1", text.Out);
        Assert.Contains($"B (id {_seed.ReviewB}): 1 unique records, 0 settled, 0 included; protocol v1 of 1", text.Out);
        json.AssertExit(0);
        using var doc = JsonDocument.Parse(json.Out);
        var a = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "A");
        Assert.Equal((_seed.RecordsA.Count, 2, 1, 1), (a.GetProperty("uniqueRecords").GetInt32(), a.GetProperty("settled").GetInt32(),
            a.GetProperty("included").GetInt32(), a.GetProperty("protocolVersion").GetInt32()));
        Assert.Equal(64, a.GetProperty("protocolHash").GetString()!.Length);
    }

    [Fact]
    public async Task A_misspelled_review_name_is_answered_with_the_closest_names()
    {
        await using (var db = database.CreateDbContext())
        {
            (await db.Reviews.SingleAsync(r => r.Id == _seed.ReviewA)).Name = "statins";
            await db.SaveChangesAsync();
        }

        var result = await CliHarness.RunAsync(database, "status", "--review", "statns");

        result.AssertExit(2);
        Assert.Equal("error: no review named 'statns': did you mean 'statins'?", result.Error.Trim());
    }
}
