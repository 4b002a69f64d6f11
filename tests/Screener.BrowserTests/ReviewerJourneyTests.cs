using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Screener.Core.HumanScreening;
using Screener.Core.Jobs;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Web;
using static Microsoft.Playwright.Assertions;

namespace Screener.BrowserTests;

/// <summary>The reviewer UI end to end in Chromium: sign in, screen by keyboard, adjudicate, verify extraction.</summary>
public sealed class ReviewerJourneyTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
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
    public async Task A_reviewer_signs_in_and_screens_three_records_by_keyboard()
    {
        await using var chromium = await ChromiumSession.StartAsync(_web.BaseAddress);
        var page = chromium.Page;
        await page.GotoAsync("/login");
        await chromium.ScreenshotAsync("01-login");
        await chromium.SignInAsync("alice");
        await page.GotoAsync($"/reviews/{Id(_seed.ReviewA)}/screen");
        var record = page.Locator("article.record");
        await Expect(record).ToHaveAttributeAsync("data-record-id", Id(_seed.RecordsA[0]));
        await Expect(page.Locator("#abstract mark[data-criterion='I1']")).ToBeVisibleAsync();
        await Expect(page.Locator("#others")).ToContainTextAsync("hidden until you decide");
        await chromium.ScreenshotAsync("02-screening");

        await page.Keyboard.PressAsync("i");
        await Expect(record).ToHaveAttributeAsync("data-record-id", Id(_seed.RecordsA[1]));
        await page.Keyboard.PressAsync("u");
        await Expect(record).ToHaveAttributeAsync("data-record-id", Id(_seed.RecordsA[2]));
        await page.Keyboard.PressAsync("e");
        await Expect(page.Locator("#hint")).ToContainTextAsync("Choose an exclusion reason");
        await page.Locator("#exclusionReason").SelectOptionAsync("no PK or PK/PD data");
        await page.Keyboard.PressAsync("e");
        await Expect(page.Locator("#progress")).ToContainTextAsync("Decided 3 of 6");
        // One include and one exclude: the queue now follows the active-learning ranking of the three left, once the
        // ranking the last page asked for is computed in the background.
        await _web.RankingsIdleAsync();
        await page.GotoAsync($"/reviews/{Id(_seed.ReviewA)}/screen");
        long rankedFirst;
        await using (var queueDb = database.CreateDbContext())
            rankedFirst = (await ScreeningQueue.LoadAsync(queueDb, _seed.ReviewA, CancellationToken.None))[3].RecordId;
        Assert.Contains(rankedFirst, _seed.RecordsA.Skip(3));
        await Expect(record).ToHaveAttributeAsync("data-record-id", Id(rankedFirst));
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(record).ToHaveAttributeAsync("data-record-id", Id(_seed.RecordsA[2]));
        await Expect(page.Locator("#my-decision")).ToContainTextAsync("exclude (no PK or PK/PD data)");
        await chromium.ScreenshotAsync("03-screened-three");

        await using var db = database.CreateDbContext();
        var decisions = await db.HumanDecisions.OrderBy(d => d.RecordId).Select(d => new { d.RecordId, d.Decision, d.ExclusionReason, d.LlmSuggestionShown }).ToListAsync();
        Assert.Equal([ScreeningDecision.Include, ScreeningDecision.Unsure, ScreeningDecision.Exclude], decisions.Select(d => d.Decision));
        Assert.Equal(_seed.RecordsA.Take(3), decisions.Select(d => d.RecordId));
        Assert.Equal("no PK or PK/PD data", decisions[2].ExclusionReason);
        Assert.All(decisions, d => Assert.True(d.LlmSuggestionShown));
    }

    [Fact]
    public async Task An_adjudicator_resolves_a_conflict()
    {
        var record = _seed.RecordsA[1];
        await DecideAsync("alice", record, ScreeningDecision.Include, null);
        await DecideAsync("bob", record, ScreeningDecision.Exclude, "not human data");
        await using var chromium = await ChromiumSession.StartAsync(_web.BaseAddress);
        var page = chromium.Page;
        await chromium.SignInAsync("carol");

        await page.GotoAsync($"/reviews/{Id(_seed.ReviewA)}/conflicts");
        await Expect(page.Locator("#conflict-count")).ToHaveTextAsync("1 open conflict(s).");
        var conflict = page.Locator($"li[data-record-id='{Id(record)}']");
        await Expect(conflict).ToContainTextAsync("Bob: exclude (not human data)");
        await chromium.ScreenshotAsync("04-conflicts");
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Include" }).ClickAsync();
        await Expect(page.Locator("#conflict-count")).ToHaveTextAsync("0 open conflict(s).");
        await chromium.ScreenshotAsync("05-conflict-resolved");

        await page.GotoAsync($"/reviews/{Id(_seed.ReviewA)}/prisma");
        await Expect(page.Locator("figure.prisma svg")).ToContainTextAsync("(after title/abstract: n = 1)");
        await chromium.ScreenshotAsync("06-prisma");
        await using var db = database.CreateDbContext();
        var adjudication = await db.Adjudications.SingleAsync();
        Assert.Equal((record, ScreeningDecision.Include), (adjudication.RecordId, adjudication.Decision));
    }

    [Fact]
    public async Task Deciding_a_record_adjudicated_meanwhile_shows_the_adjudicated_outcome_instead_of_an_error_page()
    {
        var record = _seed.RecordsA[1];
        await DecideAsync("alice", record, ScreeningDecision.Include, null);
        await DecideAsync("bob", record, ScreeningDecision.Exclude, "not human data");
        await using var chromium = await ChromiumSession.StartAsync(_web.BaseAddress);
        var page = chromium.Page;
        await chromium.SignInAsync("alice");
        await page.GotoAsync($"/reviews/{Id(_seed.ReviewA)}/screen?record={Id(record)}");
        await Expect(page.Locator("#decision-form")).ToBeVisibleAsync();

        await using (var db = database.CreateDbContext())
        {
            var carol = await db.Reviewers.SingleAsync(r => r.UserName == "carol");
            var actor = await ReviewAccess.RequireAsync(db, carol.Id, _seed.ReviewA, CancellationToken.None);
            await Adjudicate.RunAsync(db, new FakeTimeProvider(), actor, new AdjudicateRequest(record, ReviewStage.TitleAbstract, ScreeningDecision.Include, null, null), CancellationToken.None);
        }
        await page.Keyboard.PressAsync("u");

        await Expect(page.Locator("#adjudicated")).ToContainTextAsync("include");
        await Expect(page.Locator("article.record")).ToHaveAttributeAsync("data-record-id", Id(record));
        await Expect(page.Locator("#decision-form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_reviewer_verifies_an_extraction_field_by_editing_it()
    {
        await using var chromium = await ChromiumSession.StartAsync(_web.BaseAddress);
        var page = chromium.Page;
        await chromium.SignInAsync("alice");

        await page.GotoAsync($"/reviews/{Id(_seed.ReviewA)}/extraction/{Id(_seed.ExtractionRecord)}");
        await Expect(page.Locator("#abstract mark[data-field='sample_size']")).ToBeVisibleAsync();
        await chromium.ScreenshotAsync("07-extraction");
        var field = page.Locator("li[data-field='sample_size']");
        await field.GetByLabel("Corrected value").FillAsync("14");
        await field.GetByRole(AriaRole.Button, new() { Name = "Save edit" }).ClickAsync();
        await Expect(page.Locator("li[data-field='sample_size'] .status")).ToHaveTextAsync("Edited: 14");
        await chromium.ScreenshotAsync("08-extraction-verified");

        await using var db = database.CreateDbContext();
        var stored = await db.ExtractionFields.SingleAsync(f => f.FieldName == "sample_size");
        Assert.Equal((FieldReviewStatus.Edited, "14"), (stored.ReviewStatus, stored.FinalValueJson));
    }

    private async Task DecideAsync(string user, long record, ScreeningDecision decision, string? reason)
    {
        await using var db = database.CreateDbContext();
        var reviewer = await db.Reviewers.SingleAsync(r => r.UserName == user);
        var actor = await ReviewAccess.RequireAsync(db, reviewer.Id, _seed.ReviewA, CancellationToken.None);
        await RecordDecision.RunAsync(db, new FakeTimeProvider(), actor, new DecideRequest(record, ReviewStage.TitleAbstract, decision, reason, null), CancellationToken.None);
    }
}
