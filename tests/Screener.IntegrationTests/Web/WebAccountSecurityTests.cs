using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Reviews;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>Sessions, sign-out, account control and the sign-in form, against the real host (issue 17 items 5 to 9).</summary>
public sealed class WebAccountSecurityTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string SessionCookie = "screener.session";
    private WebTestApp _web = null!;
    private SeededReviews _seed = null!;
    private HttpClient _root = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database, passwords: true);
        await using (var db = database.CreateDbContext())
        {
            await AddReviewer.RunAsync(db, TimeProvider.System, new("root", null, ReviewerRole.Admin, null), CancellationToken.None);
        }
        string rootKey;
        await using (var db = database.CreateDbContext())
            rootKey = (await IssueApiKey.RunAsync(db, "root", CancellationToken.None)).ApiKey;
        _web = await WebTestApp.StartAsync(database.ConnectionString);
        _root = _web.Client(rootKey);
    }

    public async Task DisposeAsync()
    {
        _root.Dispose();
        await _web.DisposeAsync();
    }

    private HttpClient WithCookie(string session)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _web.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", $"{SessionCookie}={session}");
        return client;
    }

    private async Task<string> SignedInSessionAsync(string user)
    {
        using var browser = BrowserClient.Create(_web.BaseAddress);
        var signIn = await browser.SignInAsync(user, ReviewSeed.Password);
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect && signIn.Headers.Location?.OriginalString == "/",
            $"sign-in as {user}: {(int)signIn.StatusCode} {signIn.Headers.Location} {await signIn.Content.ReadAsStringAsync()}");
        return browser.Cookie(SessionCookie) ?? throw new InvalidOperationException("no session cookie after sign-in");
    }

    [Fact]
    public async Task Sign_out_ends_the_session_for_a_copy_of_the_cookie_taken_before()
    {
        using var browser = BrowserClient.Create(_web.BaseAddress);
        await browser.SignInAsync("alice", ReviewSeed.Password);
        using var copy = WithCookie(browser.Cookie(SessionCookie)!);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/reviews")).StatusCode);

        var signOut = await browser.SignOutAsync();

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/reviews")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_without_its_antiforgery_token_is_refused_and_the_session_lives_on()
    {
        using var browser = BrowserClient.Create(_web.BaseAddress);
        await browser.SignInAsync("alice", ReviewSeed.Password);
        using var copy = WithCookie(browser.Cookie(SessionCookie)!);

        var signOut = await browser.SignOutAsync(withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/reviews")).StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions_and_api_key_and_enabling_does_not_revive_the_old_session()
    {
        using var session = WithCookie(await SignedInSessionAsync("alice"));
        using var key = _web.Client(_seed.ApiKeys["alice"]);

        var disable = await _root.PostAsync("/api/admin/reviewers/alice/disable", null);

        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/reviews")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await key.GetAsync("/api/reviews")).StatusCode);
        using (var browser = BrowserClient.Create(_web.BaseAddress))
            Assert.StartsWith("/login?error=", (await browser.SignInAsync("alice", ReviewSeed.Password)).Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await _root.PostAsync("/api/admin/reviewers/alice/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/reviews")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/reviews")).StatusCode);
        using var fresh = WithCookie(await SignedInSessionAsync("alice"));
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/reviews")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_sessions_revokes_the_api_key_and_only_the_new_password_signs_in()
    {
        using var session = WithCookie(await SignedInSessionAsync("bob"));
        using var key = _web.Client(_seed.ApiKeys["bob"]);

        var reset = await _root.PutAsJsonAsync("/api/admin/reviewers/bob/password", new { password = "a-brand-new-password" });

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.True((await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKeyRevoked").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/reviews")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await key.GetAsync("/api/reviews")).StatusCode);
        using var browser = BrowserClient.Create(_web.BaseAddress);
        Assert.StartsWith("/login?error=", (await browser.SignInAsync("bob", ReviewSeed.Password)).Headers.Location!.OriginalString);
        Assert.Equal("/", (await browser.SignInAsync("bob", "a-brand-new-password")).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, (await _root.PutAsJsonAsync("/api/admin/reviewers/bob/password", new { password = "short" })).StatusCode);
    }

    [Fact]
    public async Task A_global_admin_removes_a_member_and_the_member_loses_the_review_at_once()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}")).StatusCode);

        var remove = await _root.DeleteAsync("/api/admin/reviews/A/members/alice");

        Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
        Assert.True((await remove.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("removed").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}")).StatusCode);
    }

    [Fact]
    public async Task A_reviews_own_admin_manages_its_members_but_not_another_reviews_and_an_adjudicator_cannot()
    {
        await using (var db = database.CreateDbContext())
        {
            await AddReviewer.RunAsync(db, TimeProvider.System, new("ada", null, ReviewerRole.Reviewer, null), CancellationToken.None);
            await AddMembership.RunAsync(db, new("A", "ada", ReviewerRole.Admin), CancellationToken.None);
        }
        string adaKey;
        await using (var db = database.CreateDbContext())
            adaKey = (await IssueApiKey.RunAsync(db, "ada", CancellationToken.None)).ApiKey;
        using var ada = _web.Client(adaKey);
        using var carol = _web.Client(_seed.ApiKeys["carol"]);
        using var mallory = _web.Client(_seed.ApiKeys["mallory"]);

        var add = await ada.PutAsJsonAsync($"/api/reviews/{_seed.ReviewA}/members/mallory", new { role = "reviewer" });
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mallory.GetAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.DeleteAsync($"/api/reviews/{_seed.ReviewA}/members/mallory")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ada.PutAsJsonAsync($"/api/reviews/{_seed.ReviewB}/members/alice", new { role = "reviewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ada.PostAsJsonAsync("/api/admin/reviewers", new { userName = "eve" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ada.DeleteAsync($"/api/reviews/{_seed.ReviewA}/members/mallory")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}")).StatusCode);
    }

    [Theory]
    [InlineData("nul\0byte")]
    [InlineData("bell\u0007")]
    [InlineData("right\u202Eto-left")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("two words")]
    [InlineData("a/b")]
    public async Task A_user_name_with_control_format_or_path_characters_is_a_400_and_creates_nothing(string name)
    {
        var create = await _root.PostAsJsonAsync("/api/admin/reviewers", new { userName = name });

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.True((await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("userName", out _));
        await using var db = database.CreateDbContext();
        Assert.Equal(5, await db.Reviewers.CountAsync());
    }

    [Fact]
    public async Task A_user_name_in_another_script_is_created_and_signs_in()
    {
        var create = await _root.PostAsJsonAsync("/api/admin/reviewers", new { userName = "Jos\u0065\u0301-\u674E\u00F6", password = ReviewSeed.Password });

        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal("/api/admin/reviewers/Jos%C3%A9-%E6%9D%8E%C3%B6", create.Headers.Location!.OriginalString);
        using var browser = BrowserClient.Create(_web.BaseAddress);
        Assert.Equal("/", (await browser.SignInAsync("Jos\u00E9-\u674E\u00F6", ReviewSeed.Password)).Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/\\evil.example/")]
    [InlineData("/\\\\evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("/\n/evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/ /evil.example/")]
    public async Task After_sign_in_the_browser_is_never_sent_to_another_site(string returnUrl)
    {
        using var browser = BrowserClient.Create(_web.BaseAddress);

        var signIn = await browser.SignInAsync("alice", ReviewSeed.Password, returnUrl);

        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task After_sign_in_a_local_path_is_kept()
    {
        using var browser = BrowserClient.Create(_web.BaseAddress);

        var signIn = await browser.SignInAsync("alice", ReviewSeed.Password, $"/reviews/{_seed.ReviewA}/screen");

        Assert.Equal($"/reviews/{_seed.ReviewA}/screen", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_error_text_written_into_a_link_is_not_shown_but_the_servers_own_message_is()
    {
        using var browser = BrowserClient.Create(_web.BaseAddress);

        var forged = await browser.Http.GetStringAsync("/login?error=" + Uri.EscapeDataString("Your account is locked: call +1 555 0100"));
        var failed = await browser.SignInAsync("alice", "wrong-password-here");
        var shown = await browser.Http.GetStringAsync(failed.Headers.Location!.OriginalString);

        Assert.DoesNotContain("call +1 555 0100", forged);
        Assert.DoesNotContain("role=\"alert\"", forged);
        Assert.Contains(Screener.Web.Ui.SignInPages.WrongCredentials, shown);
    }

    [Fact]
    public async Task The_redirect_to_sign_in_does_not_reflect_the_host_header()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _web.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reviews/1");
        request.Headers.Host = "evil.example";

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.DoesNotContain("evil.example", location);
        Assert.StartsWith("/login?", location);
    }
}
