using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Web;

namespace Screener.IntegrationTests.FullText;

/// <summary>Human full-text decisions: only records included at title/abstract, blinded and adjudicated like title/abstract.</summary>
public sealed class FullTextDecisionTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private WebTestApp _web = null!;
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database);
        _web = await WebTestApp.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private HttpClient As(string user) => _web.Client(_seed.ApiKeys[user]);

    private string Url(long record) => $"/api/reviews/{_seed.ReviewA}/records/{record}";

    private static Task<HttpResponseMessage> Decide(HttpClient client, string url, string decision, string stage, string? reason = null) =>
        client.PutAsJsonAsync(url + "/decision", new { decision, exclusionReason = reason, stage });

    private async Task SettleTitleAbstractAsync(long record, string decision, string? reason = null)
    {
        using var alice = As("alice");
        using var bob = As("bob");
        Assert.Equal(HttpStatusCode.OK, (await Decide(alice, Url(record), decision, "titleabstract", reason)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Decide(bob, Url(record), decision, "titleabstract", reason)).StatusCode);
    }

    [Fact]
    public async Task A_full_text_decision_on_a_record_not_included_at_title_abstract_is_refused_with_409()
    {
        using var alice = As("alice");
        using var carol = As("carol");
        await SettleTitleAbstractAsync(_seed.RecordsA[1], "exclude", "not human data");
        using (var halfway = As("alice")) await Decide(halfway, Url(_seed.RecordsA[2]), "include", "titleabstract");

        var undecided = await Decide(alice, Url(_seed.RecordsA[0]), "include", "fulltext");
        var excluded = await Decide(alice, Url(_seed.RecordsA[1]), "include", "fulltext");
        var awaiting = await Decide(alice, Url(_seed.RecordsA[2]), "include", "fulltext");
        var adjudication = await carol.PostAsJsonAsync(Url(_seed.RecordsA[1]) + "/adjudication", new { decision = "include", stage = "fulltext" });

        Assert.Equal(HttpStatusCode.Conflict, undecided.StatusCode);
        Assert.Contains("only records included at title/abstract get a full-text decision", await undecided.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, excluded.StatusCode);
        Assert.Contains("its title/abstract decision is exclude", await excluded.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, awaiting.StatusCode);
        Assert.Contains("is not settled (awaiting)", await awaiting.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, adjudication.StatusCode);
        await using var db = database.CreateDbContext();
        Assert.DoesNotContain(db.HumanDecisions, d => d.Stage == Core.Vocabulary.ReviewStage.FullText);
    }

    [Fact]
    public async Task Full_text_decisions_are_blinded_adjudicated_and_counted_in_every_prisma_box()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        using var carol = As("carol");
        var (kept, dropped, unread, notIncluded) = (_seed.RecordsA[0], _seed.RecordsA[1], _seed.RecordsA[2], _seed.RecordsA[3]);
        foreach (var r in new[] { kept, dropped, unread }) await SettleTitleAbstractAsync(r, "include");
        await SettleTitleAbstractAsync(notIncluded, "exclude", "not human data");

        var next = await alice.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/queue/next?stage=fulltext");
        Assert.Equal(3, next.GetProperty("remaining").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await Decide(alice, Url(kept), "include", "fulltext")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Decide(bob, Url(kept), "include", "fulltext")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Decide(alice, Url(dropped), "exclude", "fulltext", "no PK or PK/PD data")).StatusCode);
        var blinded = await bob.GetFromJsonAsync<JsonElement>(Url(dropped) + "?stage=fulltext");
        Assert.True(blinded.GetProperty("othersBlinded").GetBoolean());
        var conflict = await Decide(bob, Url(dropped), "include", "fulltext");
        Assert.Equal("conflict", (await conflict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recordState").GetString());
        var conflicts = await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/conflicts?stage=fulltext");
        Assert.Equal(dropped, conflicts.EnumerateArray().Single().GetProperty("recordId").GetInt64());
        var adjudicated = await carol.PostAsJsonAsync(Url(dropped) + "/adjudication", new { decision = "exclude", exclusionReason = "not available in English", stage = "fulltext" });
        Assert.Equal(HttpStatusCode.Created, adjudicated.StatusCode);

        var prisma = (await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/prisma")).GetProperty("fullText");
        Assert.Equal(3, prisma.GetProperty("reportsSought").GetInt32());
        Assert.Equal(2, prisma.GetProperty("reportsAssessed").GetInt32());
        Assert.Equal(1, prisma.GetProperty("reportsNotRetrieved").GetInt32());
        Assert.Equal(1, prisma.GetProperty("reportsExcluded").GetInt32());
        var reason = prisma.GetProperty("excludedWithReasons").EnumerateArray().Single();
        Assert.Equal(("not available in English", 1), (reason.GetProperty("reason").GetString(), reason.GetProperty("reports").GetInt32()));
        Assert.Equal(1, prisma.GetProperty("studiesIncluded").GetInt32());
        var svg = await carol.GetStringAsync($"/api/reviews/{_seed.ReviewA}/prisma.svg");
        Assert.Contains(">  not available in English (n = 1)</text>", svg);
    }

    [Fact]
    public async Task The_cli_decides_at_full_text_with_stage_and_refuses_a_record_not_included()
    {
        await SettleTitleAbstractAsync(_seed.RecordsA[0], "include");
        string Id(int i) => _seed.RecordsA[i].ToString(CultureInfo.InvariantCulture);

        var refused = await CliHarness.RunAsync(database, "review", "decide", "--review", "A", "--user", "alice", "--record", Id(1), "--decision", "include", "--stage", "fulltext");
        var alice = await CliHarness.RunAsync(database, "review", "decide", "--review", "A", "--user", "alice", "--record", Id(0), "--decision", "exclude", "--reason", "no PK or PK/PD data", "--stage", "fulltext");
        var bob = await CliHarness.RunAsync(database, "review", "decide", "--review", "A", "--user", "bob", "--record", Id(0), "--decision", "include", "--stage", "fulltext");
        var conflicts = await CliHarness.RunAsync(database, "review", "conflicts", "--review", "A", "--stage", "fulltext");
        var titleAbstractConflicts = await CliHarness.RunAsync(database, "review", "conflicts", "--review", "A");
        var badStage = await CliHarness.RunAsync(database, "review", "conflicts", "--review", "A", "--stage", "abstract-only");

        refused.AssertExit(2);
        Assert.Contains($"record {Id(1)} is not at full text", refused.Error);
        alice.AssertExit(0);
        Assert.Contains("record is conflict", bob.Out);
        Assert.Contains($"record {Id(0)}: Alice exclude; Bob include", conflicts.Out);
        Assert.Contains("0 open conflict(s)", titleAbstractConflicts.Out);
        badStage.AssertExit(2);
        Assert.Contains("--stage 'abstract-only' is not known", badStage.Error);
    }
}
