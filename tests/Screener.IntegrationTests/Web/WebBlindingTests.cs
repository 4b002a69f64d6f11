using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>
/// Issue 17 items 1-4: blinded dual screening stays blind. Decisions are versioned with whether another's decision
/// had been shown first; what a blinded reviewer reads does not move with a co-reviewer's decision; adjudications
/// name the versions they settle.
/// </summary>
public sealed class WebBlindingTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private WebTestApp _web = null!;
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database, records: 12);
        _web = await WebTestApp.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private HttpClient As(string user) => _web.Client(_seed.ApiKeys[user]);

    private string RecordUrl(int index) => $"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[index]}";

    private async Task<JsonElement> Decide(HttpClient client, int index, string decision)
    {
        var response = await client.PutAsJsonAsync(RecordUrl(index) + "/decision",
            new { decision, exclusionReason = decision == "exclude" ? "not emicizumab" : null });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Deciding_again_after_peeking_keeps_the_conflict_and_shows_the_adjudicator_the_change()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        using var carol = As("carol");
        await Decide(alice, 0, "unsure");
        await Decide(bob, 0, "include");

        // Alice peeks: her record now shows Bob's include. She decides again to match.
        var peek = await alice.GetFromJsonAsync<JsonElement>(RecordUrl(0));
        Assert.Equal("include", peek.GetProperty("otherDecisions")[0].GetProperty("decision").GetString());
        var again = await Decide(alice, 0, "include");

        Assert.Equal("conflict", again.GetProperty("recordState").GetString());
        Assert.Equal(2, again.GetProperty("version").GetInt32());
        var conflict = Assert.Single((await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/conflicts")).EnumerateArray());
        var hers = conflict.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("reviewer").GetString() == "Alice");
        Assert.Equal(("include", "unsure", true), (hers.GetProperty("decision").GetString(), hers.GetProperty("independentDecision").GetString(),
            hers.GetProperty("changedAfterSeeingOthers").GetBoolean()));
        var agreement = await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/agreement");
        Assert.Equal(0.0, agreement.GetProperty("humanHuman").GetProperty("observedAgreement").GetDouble());
        var prisma = await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/prisma");
        Assert.Equal(0, prisma.GetProperty("includedAfterTitleAbstract").GetInt32());

        await using var db = database.CreateDbContext();
        var versions = await db.HumanDecisionVersions.Where(v => v.RecordId == _seed.RecordsA[0]).OrderBy(v => v.ReviewerId).ThenBy(v => v.Version)
            .Select(v => new { v.Version, v.Decision, v.ReplacesVersion, v.OthersShownBefore }).ToListAsync();
        Assert.Equal(3, versions.Count);
        Assert.Equal((1, Core.Vocabulary.ScreeningDecision.Unsure, (int?)null, false), (versions[0].Version, versions[0].Decision, versions[0].ReplacesVersion, versions[0].OthersShownBefore));
        Assert.Equal((2, Core.Vocabulary.ScreeningDecision.Include, (int?)1, true), (versions[1].Version, versions[1].Decision, versions[1].ReplacesVersion, versions[1].OthersShownBefore));
    }

    [Fact]
    public async Task Correcting_a_slip_before_seeing_anything_is_still_independent_and_settles()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        await Decide(alice, 1, "include");
        await Decide(alice, 1, "exclude");

        var second = await Decide(bob, 1, "exclude");

        Assert.Equal("settled", second.GetProperty("recordState").GetString());
        await using var db = database.CreateDbContext();
        Assert.Null((await db.HumanDecisions.SingleAsync(d => d.RecordId == _seed.RecordsA[1] && d.Version == 2)).BlindDecision);
    }

    /// <summary>Everything Alice can read about the review, record by record.</summary>
    private async Task<string> WhatAliceReadsAsync(HttpClient alice)
    {
        var parts = new List<string>
        {
            (await alice.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/stopping-aid")).GetRawText(),
            (await alice.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/queue/next")).GetRawText(),
            (await alice.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/prisma")).GetRawText(),
            ((int)(await alice.GetAsync($"/api/reviews/{_seed.ReviewA}/agreement")).StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < _seed.RecordsA.Count; i++)
        {
            var item = await alice.GetFromJsonAsync<JsonElement>(RecordUrl(i));
            parts.Add($"{i}: {item.GetProperty("progress").GetRawText()} prev {item.GetProperty("previousRecordId")} next {item.GetProperty("nextRecordId")} " +
                $"state {item.GetProperty("state")} others {item.GetProperty("otherDecisions")}");
        }
        var page = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}");
        parts.Add(page[page.IndexOf("<main", StringComparison.Ordinal)..]);
        return string.Join("\n", parts);
    }

    [Fact]
    public async Task Nothing_a_blinded_reviewer_reads_moves_when_the_co_reviewer_decides_a_record_they_have_not()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        // Some settled history and some of Alice's own, so the ranking, the queue and the aid have something to show.
        foreach (var (i, d) in new[] { (0, "include"), (1, "exclude"), (2, "include"), (3, "exclude") })
        {
            await Decide(alice, i, d);
            await Decide(bob, i, d);
        }
        await Decide(alice, 4, "exclude");
        // Her ranking, asked for by the first read, is computed in the background; what she reads then stays put.
        await WhatAliceReadsAsync(alice);
        await _web.RankingsIdleAsync();
        var before = await WhatAliceReadsAsync(alice);
        Assert.Equal(403.ToString(System.Globalization.CultureInfo.InvariantCulture), before.Split('\n')[3]);

        // Bob decides three records Alice has not (one include among them), one at a time; she reads after each.
        foreach (var (i, d) in new[] { (5, "include"), (6, "exclude"), (7, "exclude") })
        {
            await Decide(bob, i, d);
            Assert.Equal(before, await WhatAliceReadsAsync(alice));
        }

        using var carol = As("carol");
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync($"/api/reviews/{_seed.ReviewA}/agreement")).StatusCode);
    }

    [Fact]
    public async Task An_adjudication_of_versions_a_reviewer_has_replaced_since_is_refused_as_stale()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        using var carol = As("carol");
        await Decide(alice, 8, "include");
        await Decide(bob, 8, "exclude");
        var read = Assert.Single((await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/conflicts")).EnumerateArray());
        var versions = read.GetProperty("versions").GetString();

        await Decide(bob, 8, "unsure"); // still a conflict, but not the one Carol read
        var stale = await carol.PostAsJsonAsync(RecordUrl(8) + "/adjudication", new { decision = "include", versions });
        var fresh = Assert.Single((await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/conflicts")).EnumerateArray());
        var current = await carol.PostAsJsonAsync(RecordUrl(8) + "/adjudication", new { decision = "include", versions = fresh.GetProperty("versions").GetString() });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed since you read it", await stale.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, current.StatusCode);
        Assert.Equal(fresh.GetProperty("versions").GetString(), (await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("settledVersions").GetString());
    }

    [Fact]
    public async Task The_screening_page_of_an_adjudicated_record_shows_the_outcome_instead_of_the_decision_form()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        using var carol = As("carol");
        await Decide(alice, 9, "include");
        await Decide(bob, 9, "exclude");
        Assert.Equal(HttpStatusCode.Created, (await carol.PostAsJsonAsync(RecordUrl(9) + "/adjudication", new { decision = "include" })).StatusCode);

        var page = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}/screen?record={_seed.RecordsA[9]}");

        Assert.Contains("id=\"adjudicated\"", page);
        Assert.Contains("<strong>include</strong>. The decision is final.", page);
        Assert.DoesNotContain("id=\"decision-form\"", page);
    }
}
