using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Web;
using static Microsoft.Playwright.Assertions;

namespace Screener.BrowserTests;

/// <summary>Full-text screening and the record list in Chromium.</summary>
public sealed class FullTextAndRecordListTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
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

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_reviewer_reads_the_quotes_on_their_pages_and_excludes_at_full_text_with_a_reason()
    {
        var record = _seed.RecordsA[0];
        await FullTextSeed.IncludeAtTitleAbstractAsync(_web, _seed, record);
        await FullTextSeed.AttachTextAsync(database, record);
        await FullTextSeed.AddSuggestionAsync(database, _seed.ReviewA, record);
        await using var chromium = await ChromiumSession.StartAsync(_web.BaseAddress);
        var page = chromium.Page;
        await chromium.SignInAsync("alice");

        await page.GotoAsync($"/reviews/{Id(_seed.ReviewA)}");
        await page.Locator("#fulltext-link").ClickAsync();
        await Expect(page.Locator("#fulltext")).ToHaveAttributeAsync("data-record-id", Id(record));
        await Expect(page.Locator("#page-2 mark[data-criterion='I1']")).ToHaveTextAsync(FullTextSeed.OnCitedPage);
        await Expect(page.Locator("#page-1 mark[data-criterion='I2']")).ToHaveTextAsync(FullTextSeed.OnAnotherPage);
        await Expect(page.Locator("#page-3 mark")).ToHaveCountAsync(0);
        await Expect(page.Locator("li[data-criterion='I2'] .other-page")).ToContainTextAsync("the LLM cited p. 3");
        await Expect(page.Locator("li[data-criterion='I3'] .not-found")).ToBeVisibleAsync();
        await chromium.ScreenshotAsync("09-fulltext");

        await page.Locator("#exclusionReason").SelectOptionAsync("no PK or PK/PD data");
        await page.Keyboard.PressAsync("e");
        await Expect(page.Locator("#queue-empty")).ToBeVisibleAsync();

        await using var db = database.CreateDbContext();
        var stored = await db.HumanDecisions.SingleAsync(d => d.Stage == ReviewStage.FullText);
        Assert.Equal((record, ScreeningDecision.Exclude, "no PK or PK/PD data"), (stored.RecordId, stored.Decision, stored.ExclusionReason));
    }

    [Fact]
    public async Task The_record_list_filters_by_the_llm_suggestion_and_opens_the_screening_page()
    {
        await using var chromium = await ChromiumSession.StartAsync(_web.BaseAddress);
        var page = chromium.Page;
        await chromium.SignInAsync("alice");

        await page.GotoAsync($"/reviews/{Id(_seed.ReviewA)}/records");
        await Expect(page.Locator("#records tbody tr")).ToHaveCountAsync(_seed.RecordsA.Count);
        await page.Locator("#llm").SelectOptionAsync("exclude");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Locator("#record-count")).ToContainTextAsync("1 record(s)");
        var row = page.Locator("#records tbody tr");
        await Expect(row).ToHaveAttributeAsync("data-record-id", Id(_seed.RecordsA[4]));
        await chromium.ScreenshotAsync("10-record-list");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("article.record")).ToHaveAttributeAsync("data-record-id", Id(_seed.RecordsA[4]));
    }
}
