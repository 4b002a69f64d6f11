using System.Net;
using System.Net.Http.Json;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>The conflicts page: abstract, both decisions with reasons, the LLM's suggestion and a link to the record, per stage.</summary>
public sealed class WebConflictsPageTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
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

    private async Task DecideAsync(string user, long record, string decision, string? reason = null, string? stage = null)
    {
        using var client = _web.Client(_seed.ApiKeys[user]);
        (await client.PutAsJsonAsync($"/api/reviews/{_seed.ReviewA}/records/{record}/decision", new { decision, exclusionReason = reason, stage })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_conflict_shows_the_abstract_both_decisions_with_reasons_the_llm_suggestion_and_a_link_to_the_record()
    {
        var record = _seed.RecordsA[4];
        await DecideAsync("alice", record, "exclude", "not human data");
        await DecideAsync("bob", record, "include");
        using var carol = _web.Client(_seed.ApiKeys["carol"]);

        var html = WebUtility.HtmlDecode(await carol.GetStringAsync($"/reviews/{_seed.ReviewA}/conflicts"));

        Assert.Contains(_seed.Abstracts[record.ToString(System.Globalization.CultureInfo.InvariantCulture)], html);
        Assert.Contains("Alice: exclude (not human data)", System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""));
        Assert.Contains("Bob: include", System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""));
        Assert.Contains("LLM suggests <strong>exclude</strong> (no PK or PK/PD data)", html);
        Assert.Contains($"href=\"/reviews/{_seed.ReviewA}/screen?record={record}\"", html);
    }

    [Fact]
    public async Task Full_text_conflicts_have_their_own_page_and_are_adjudicated_at_full_text()
    {
        var record = _seed.RecordsA[0];
        await FullTextSeed.IncludeAtTitleAbstractAsync(_web, _seed, record);
        await DecideAsync("alice", record, "exclude", null, "fulltext");
        await DecideAsync("bob", record, "include", null, "fulltext");
        using var carol = _web.Client(_seed.ApiKeys["carol"]);

        var fullText = await carol.GetStringAsync($"/reviews/{_seed.ReviewA}/conflicts?stage=fulltext");
        var titleAbstract = await carol.GetStringAsync($"/reviews/{_seed.ReviewA}/conflicts");

        Assert.Contains("1 open conflict(s)", fullText);
        Assert.Contains($"href=\"/reviews/{_seed.ReviewA}/fulltext?record={record}\"", fullText);
        Assert.Contains("name=\"stage\" value=\"fulltext\"", fullText);
        Assert.Contains("0 open conflict(s)", titleAbstract);
    }
}
