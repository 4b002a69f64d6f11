using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>The full-text decide page: the text by page with the LLM's quotes on their page, the gate, "not retrieved", the decision form.</summary>
public sealed partial class WebFullTextPageTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private WebTestApp _web = null!;
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database, passwords: true);
        _web = await WebTestApp.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private string Page(long record) => $"/reviews/{_seed.ReviewA}/fulltext?record={record}";

    /// <summary>The HTML of one page section of the full text.</summary>
    private static string Section(string html, int page)
    {
        var match = Regex.Match(html, $"<section class=\"page\" id=\"page-{page}\".*?</section>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no page {page} on the page");
        return match.Value;
    }

    [Fact]
    public async Task Each_quote_is_highlighted_on_the_page_it_is_on_and_flagged_when_on_another_page_or_none()
    {
        var record = _seed.RecordsA[0];
        await FullTextSeed.IncludeAtTitleAbstractAsync(_web, _seed, record);
        await FullTextSeed.AttachTextAsync(database, record);
        await FullTextSeed.AddSuggestionAsync(database, _seed.ReviewA, record);
        using var carol = _web.Client(_seed.ApiKeys["carol"]);

        var html = await carol.GetStringAsync(Page(record));

        Assert.Contains("3 page(s)", html);
        Assert.Contains($"<mark class=\"ev-0\" data-criterion=\"I1\" title=\"evidence for I1\">{FullTextSeed.OnCitedPage}</mark>", Section(html, 2));
        Assert.DoesNotContain("<mark", Section(html, 3));
        Assert.Contains($"data-criterion=\"I2\" title=\"evidence for I2\">{FullTextSeed.OnAnotherPage}</mark>", Section(html, 1));
        Assert.Contains("on another page: the LLM cited p. 3", html);
        Assert.Contains("not found in the text", html);
        Assert.DoesNotContain("<mark class=\"ev-2\"", html);
        Assert.Contains("<h2 id=\"criteria-h\">Full-text criteria</h2>", html);
        Assert.Contains("name=\"stage\" value=\"fulltext\"", html);
    }

    [Fact]
    public async Task A_record_not_included_at_title_abstract_gets_a_409_page_with_the_way_back_and_one_without_text_says_not_retrieved()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);
        await FullTextSeed.IncludeAtTitleAbstractAsync(_web, _seed, _seed.RecordsA[2]);

        var refused = await alice.GetAsync(Page(_seed.RecordsA[1]));
        var unread = await alice.GetStringAsync(Page(_seed.RecordsA[2]));
        var queue = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}/fulltext");
        var screening = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}/screen?record={_seed.RecordsA[2]}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("is not at full text", body);
        Assert.Contains($"href=\"/reviews/{_seed.ReviewA}/screen?record={_seed.RecordsA[1]}\"", body);
        Assert.Contains("Not retrieved: no full text is stored for this record", unread);
        Assert.Contains("id=\"decision-form\"", unread);
        Assert.Contains($"data-record-id=\"{_seed.RecordsA[2]}\"", queue);
        Assert.Contains($"href=\"/reviews/{_seed.ReviewA}/fulltext?record={_seed.RecordsA[2]}\"", screening);
    }

    [Fact]
    public async Task The_form_saves_a_full_text_decision_with_an_optional_reason_and_refuses_one_off_full_text()
    {
        var record = _seed.RecordsA[0];
        await FullTextSeed.IncludeAtTitleAbstractAsync(_web, _seed, record);
        using var alice = BrowserClient.Create(_web.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await alice.SignInAsync("alice", ReviewSeed.Password)).StatusCode);
        var token = await alice.TokenAsync(Page(record));

        var saved = await alice.Http.PostAsync($"/reviews/{_seed.ReviewA}/records/{record}/decide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Key] = token.Value, ["decision"] = "exclude", ["exclusionReason"] = "", ["note"] = "no PK data in the paper", ["stage"] = "fulltext",
        }));
        var refused = await alice.Http.PostAsync($"/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[1]}/decide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Key] = token.Value, ["decision"] = "include", ["exclusionReason"] = "", ["note"] = "", ["stage"] = "fulltext",
        }));

        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, await saved.Content.ReadAsStringAsync());
        Assert.Equal($"/reviews/{_seed.ReviewA}/fulltext", saved.Headers.Location!.OriginalString);
        Assert.True(refused.StatusCode == HttpStatusCode.Redirect, await refused.Content.ReadAsStringAsync());
        Assert.StartsWith($"/reviews/{_seed.ReviewA}/fulltext?record={_seed.RecordsA[1]}&error=", refused.Headers.Location!.OriginalString);
        await using var db = database.CreateDbContext();
        var stored = await db.HumanDecisions.Where(d => d.Stage == ReviewStage.FullText).ToListAsync();
        Assert.Equal([(record, ScreeningDecision.Exclude, (string?)null, "no PK data in the paper")], stored.Select(d => (d.RecordId, d.Decision, d.ExclusionReason, d.Note)));
    }

    [Fact]
    public async Task The_extraction_screen_shows_the_page_a_value_cites_with_its_quote_highlighted()
    {
        var record = _seed.ExtractionRecord;
        await FullTextSeed.AttachTextAsync(database, record);
        await using (var db = database.CreateDbContext())
        {
            var field = await db.ExtractionFields.SingleAsync(f => f.RecordId == record && f.FieldName == "sample_size");
            (field.Evidence, field.Page) = (FullTextSeed.OnCitedPage, 2);
            await db.SaveChangesAsync();
        }
        using var alice = _web.Client(_seed.ApiKeys["alice"]);

        var html = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}/extraction/{record}");

        Assert.Contains($"<mark class=\"ev-0\" data-field=\"sample_size\" title=\"evidence for sample_size\">{FullTextSeed.OnCitedPage}</mark>", Section(html, 2));
        Assert.DoesNotContain("id=\"page-1\"", html);
        Assert.Contains("<a class=\"page-link\" href=\"#page-2\">p. 2</a>", html);
    }
}
