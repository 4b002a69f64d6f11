using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

public sealed partial class WebAuthorizationTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
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

    [Fact]
    public async Task Health_is_open_to_anonymous_callers_and_everything_else_is_not()
    {
        using var anonymous = _web.Client();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reviews")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        var page = await anonymous.GetAsync("/");
        Assert.Equal("/login", page.RequestMessage!.RequestUri!.AbsolutePath);
        // The sign-in page's own stylesheet and script are served before sign-in (static files, not endpoints).
        var css = await anonymous.GetAsync("/ui/screener.css");
        Assert.Equal((HttpStatusCode.OK, "text/css"), (css.StatusCode, css.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ui/screener.js")).StatusCode);
    }

    [Fact]
    public async Task Every_mapped_endpoint_but_health_and_sign_in_refuses_an_anonymous_caller()
    {
        using var anonymous = _web.Client();
        var open = new[] { "/health", "/health/ready", "/login" };
        var checkedRoutes = new List<string>();
        foreach (var endpoint in _web.Endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var allowsAnonymous = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;
            Assert.True(allowsAnonymous == open.Contains(pattern), $"{pattern}: anonymous access {(allowsAnonymous ? "allowed" : "refused")}, expected the opposite");
            if (allowsAnonymous) continue;
            var url = RouteParameter().Replace(pattern, m => m.Groups[1].Value switch
            {
                "reviewId" => _seed.ReviewA.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "recordId" => _seed.RecordsA[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                var other when m.Value.Contains(":long", StringComparison.Ordinal) || m.Value.Contains(":int", StringComparison.Ordinal) => "1",
                _ => "x",
            });
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { decision = "include" });
                using var response = await anonymous.SendAsync(request);
                var refused = response.StatusCode == HttpStatusCode.Unauthorized || response.RequestMessage!.RequestUri!.AbsolutePath == "/login";
                Assert.True(refused, $"{method} {url}: {(int)response.StatusCode} for an anonymous caller");
                checkedRoutes.Add($"{method} {pattern}");
            }
        }
        // The walk must have covered the API and the pages, or it proves nothing.
        Assert.True(checkedRoutes.Count >= 20, string.Join(", ", checkedRoutes));
        Assert.Contains("PUT /api/reviews/{reviewId:long}/records/{recordId:long}/decision", checkedRoutes);
        Assert.Contains(checkedRoutes, r => r.StartsWith("GET /reviews/", StringComparison.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\*?([A-Za-z]+)[^}]*\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();

    [Fact]
    public async Task A_wrong_api_key_is_refused()
    {
        using var client = _web.Client("scr_not-a-real-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/reviews")).StatusCode);
    }

    [Fact]
    public async Task A_reviewer_lists_only_their_reviews_and_cannot_read_another_review()
    {
        using var mallory = _web.Client(_seed.ApiKeys["mallory"]);

        var reviews = await mallory.GetFromJsonAsync<JsonElement>("/api/reviews");
        Assert.Equal(["B"], reviews.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var record = await mallory.GetAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}");
        Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
        Assert.Equal("application/problem+json", record.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync($"/api/reviews/{_seed.ReviewA}/conflicts")).StatusCode);
        var decide = await mallory.PutAsJsonAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}/decision", new { decision = "include" });
        Assert.Equal(HttpStatusCode.NotFound, decide.StatusCode);
    }

    [Fact]
    public async Task A_record_of_another_review_is_not_found_through_a_review_one_belongs_to()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);

        var response = await alice.GetAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordB}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Only_adjudicators_export_and_only_admins_manage_accounts()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);
        using var carol = _web.Client(_seed.ApiKeys["carol"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync($"/api/reviews/{_seed.ReviewA}/export?format=csv")).StatusCode);
        var csv = await carol.GetAsync($"/api/reviews/{_seed.ReviewA}/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("record_id,title,abstract", await csv.Content.ReadAsStringAsync()); // the one column set (ExportLayout), as the CLI writes it
        var create = await carol.PostAsJsonAsync("/api/admin/reviewers", new { userName = "eve", role = "admin" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_an_account_and_a_membership_through_the_api()
    {
        using var root = await AdminClientAsync();

        var badRole = await root.PostAsJsonAsync("/api/admin/reviewers", new { userName = "dora", role = "owner" });
        var created = await root.PostAsJsonAsync("/api/admin/reviewers", new { userName = "dora", role = "reviewer" });
        var member = await root.PutAsJsonAsync("/api/admin/reviews/B/members/dora", new { role = "reviewer" });
        var key = await (await root.PostAsync("/api/admin/reviewers/dora/apikey", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.True((await badRole.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("role", out _));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        using var dora = _web.Client(key.GetProperty("apiKey").GetString());
        var reviews = await dora.GetFromJsonAsync<JsonElement>("/api/reviews");
        Assert.Equal(["B"], reviews.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await root.PostAsJsonAsync("/api/admin/reviewers", new { userName = "dora" })).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_decision_endpoint_for_signed_in_callers()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);

        var doc = await alice.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/reviews/{reviewId}/records/{recordId}/decision", out var path));
        Assert.True(path.TryGetProperty("put", out _));
    }

    [Fact]
    public async Task Sign_in_without_an_antiforgery_token_is_refused_and_repeated_attempts_are_throttled()
    {
        using var anonymous = _web.Client();
        var form = new Dictionary<string, string> { ["userName"] = "alice", ["password"] = ReviewSeed.Password };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= Screener.Web.WebHardening.SignInAttemptsPerMinute; i++)
            statuses.Add((await anonymous.PostAsync("/login", new FormUrlEncodedContent(form))).StatusCode);

        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Pages_carry_a_strict_content_security_policy()
    {
        using var anonymous = _web.Client();

        var login = await anonymous.GetAsync("/login");

        Assert.Contains("frame-ancestors 'none'", login.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_request_body_over_the_limit_is_refused()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);

        var response = await alice.PutAsJsonAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}/decision",
            new { decision = "include", note = new string('x', 2 * 1024 * 1024) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>A global admin account "root" and an API client signed in with its key.</summary>
    private async Task<HttpClient> AdminClientAsync()
    {
        await using (var db = database.CreateDbContext())
            await Core.Reviews.AddReviewer.RunAsync(db, TimeProvider.System, new("root", null, Core.Reviews.ReviewerRole.Admin, null), CancellationToken.None);
        await using (var db = database.CreateDbContext())
            return _web.Client((await Core.Reviews.IssueApiKey.RunAsync(db, "root", CancellationToken.None)).ApiKey);
    }
}
