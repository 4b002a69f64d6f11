using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Screener.Core.Ranking;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

public sealed class WebStoppingAidTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private WebTestApp _web = null!;
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database, records: 40);
        _web = await WebTestApp.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    /// <summary>Both reviewers decide alike, so the record is settled (dual review): the aid counts settled records only.</summary>
    private async Task DecideAsync(HttpClient client, int index, string decision)
    {
        using var bob = _web.Client(_seed.ApiKeys["bob"]);
        foreach (var who in new[] { client, bob })
            Assert.Equal(HttpStatusCode.OK, (await who.PutAsJsonAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[index]}/decision",
                new { decision, exclusionReason = decision == "exclude" ? "not emicizumab" : null })).StatusCode);
    }

    [Fact]
    public async Task The_stopping_aid_counts_the_decisions_so_far_and_estimates_recall_once_five_includes_and_five_excludes_are_known()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);
        var url = $"/api/reviews/{_seed.ReviewA}/stopping-aid";
        // No decisions yet: the queue ranks by the LLM's vote share, which is not a calibrated probability, so no estimate.
        var none = await alice.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal((0, JsonValueKind.Null), (none.GetProperty("screened").GetInt32(), none.GetProperty("estimatedRecall").ValueKind));
        await DecideAsync(alice, 0, "include");
        await DecideAsync(alice, 1, "exclude");

        var early = await alice.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal((2, 1, 1), (early.GetProperty("screened").GetInt32(), early.GetProperty("includesFound").GetInt32(), early.GetProperty("recordsSinceLastInclude").GetInt32()));
        Assert.Equal(JsonValueKind.Null, early.GetProperty("estimatedRecall").ValueKind);

        // Ten more: four includes then six excludes, so 5 + 7 are known and the last include is seven decisions back.
        for (var i = 2; i < 6; i++) await DecideAsync(alice, i, "include");
        for (var i = 6; i < 12; i++) await DecideAsync(alice, i, "exclude");

        // The aid's expected includes come from the queue's ranking, computed in the background once a read asks for it.
        await alice.GetAsync(url);
        await _web.RankingsIdleAsync();
        var later = await alice.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal((12, 5, 6), (later.GetProperty("screened").GetInt32(), later.GetProperty("includesFound").GetInt32(), later.GetProperty("recordsSinceLastInclude").GetInt32()));
        Assert.InRange(later.GetProperty("estimatedRecall").GetDouble(), 0.0, 1.0);
        Assert.True(later.GetProperty("expectedRemainingIncludes").GetDouble() > 0);
        var page = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}");
        Assert.Contains("id=\"stopping-aid\"", page);
        Assert.Contains("when this estimate first said 95% the true recall was", page);
        // The recall test reads the labels in the order decided, against all 40 records of the review.
        Assert.Equal(RecallTest.PValue([true, false, true, true, true, true, false, false, false, false, false, false], _seed.RecordsA.Count),
            later.GetProperty("recallTestP").GetDouble(), 12);
        Assert.Contains("id=\"recall-test\">not yet", page);
        // The recall curve: the origin and one point per settled record, the last at 12 screened and 5 includes found.
        var curve = System.Text.RegularExpressions.Regex.Match(page, "<polyline class=\"found\"[^>]* points=\"([^\"]+)\"");
        Assert.True(curve.Success, "no recall curve on the overview");
        Assert.Equal(13, curve.Groups[1].Value.Split(' ').Length);
        Assert.Contains("records screened (12 of 40)", page);
        Assert.Contains("includes found (5)", page);

        // Every record screened: nothing is left to miss.
        for (var i = 12; i < _seed.RecordsA.Count; i++) await DecideAsync(alice, i, "exclude");
        var done = await alice.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal((0.0, true), (done.GetProperty("recallTestP").GetDouble(), done.GetProperty("recallTestPassed").GetBoolean()));
        Assert.Contains("id=\"recall-test\">passed", await alice.GetStringAsync($"/reviews/{_seed.ReviewA}"));
        using var mallory = _web.Client(_seed.ApiKeys["mallory"]);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync(url)).StatusCode);
    }
}
