using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Screener.Core.Reviews;
using Screener.IntegrationTests.Infrastructure;
using Screener.Web;

namespace Screener.IntegrationTests.Web;

/// <summary>Sign-in backoff, per-account concurrency, readiness, cookies over HTTPS and key storage (issue 17 items 6, 15, smaller).</summary>
public sealed class WebLoadAndHardeningTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database, passwords: true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Guessing_from_rotating_addresses_meets_per_account_backoff_but_the_users_known_browser_still_signs_in()
    {
        await using var web = await WebTestApp.StartAsync(database.ConnectionString);
        using var alice = BrowserClient.Create(web.BaseAddress);
        Assert.Equal("/", (await alice.SignInAsync("alice", ReviewSeed.Password)).Headers.Location!.OriginalString);

        // Each attempt from an address of its own, so the per-address limit never applies. Once past the free failures
        // the waits double, so the loop meets a refusal after a few attempts however slow the machine is.
        HttpResponseMessage? refused = null;
        for (var i = 0; i < SignInBackoff.FreeFailuresPerAccount + 12 && refused is null; i++)
        {
            using var attacker = BrowserClient.Create(web.BaseAddress, IPAddress.Parse($"127.0.{1 + (i / 250)}.{2 + (i % 250)}"));
            var attempt = await attacker.SignInAsync("alice", $"guess-number-{i}");
            if (attempt.StatusCode == HttpStatusCode.TooManyRequests) refused = attempt;
            else Assert.StartsWith("/login?error=", attempt.Headers.Location!.OriginalString);
            Assert.True(i >= SignInBackoff.FreeFailuresPerAccount || refused is null, $"attempt {i} refused before the free failures were used");
        }

        Assert.NotNull(refused);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await alice.SignOutAsync();
        Assert.Equal("/", (await alice.SignInAsync("alice", ReviewSeed.Password)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task One_api_key_bursting_gets_429_with_retry_after_while_another_user_is_served()
    {
        await using var web = await WebTestApp.StartAsync(database.ConnectionString);
        using var alice = web.Client(_seed.ApiKeys["alice"]);
        using var bob = web.Client(_seed.ApiKeys["bob"]);
        var url = $"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[0]}";

        var statuses = new List<HttpStatusCode>();
        var bobStatuses = new List<HttpStatusCode>();
        var retryAfter = new List<string>();
        // Bounded: at most 4 bursts of 60 requests, stopping at the first burst that met the limit.
        for (var burst = 0; burst < 4 && !statuses.Contains(HttpStatusCode.TooManyRequests); burst++)
        {
            var aliceRequests = Enumerable.Range(0, 60).Select(_ => alice.GetAsync(url)).ToList();
            var bobRequest = bob.GetAsync(url);
            foreach (var response in await Task.WhenAll(aliceRequests))
            {
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests) retryAfter.Add(response.Headers.GetValues("Retry-After").Single());
            }
            bobStatuses.Add((await bobRequest).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"status {(int)s}"));
        Assert.All(retryAfter, r => Assert.Equal(WebHardening.DefaultRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), r));
        Assert.All(bobStatuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Readiness_touches_the_database_while_liveness_does_not()
    {
        var missing = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = database.Name + "_missing" }.ConnectionString;
        await using var broken = await WebTestApp.StartAsync(missing);
        await using var web = await WebTestApp.StartAsync(database.ConnectionString);
        using var brokenClient = broken.Client();
        using var client = web.Client();

        Assert.Equal(HttpStatusCode.OK, (await brokenClient.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await brokenClient.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Over_https_every_cookie_is_secure()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"screener-test-{Guid.NewGuid():N}.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test"));
        }
        try
        {
            await using var web = await WebTestApp.StartAsync(database.ConnectionString, new Dictionary<string, string?>
            {
                ["urls"] = "https://127.0.0.1:0",
                ["Kestrel:Certificates:Default:Path"] = pfx,
                ["Kestrel:Certificates:Default:Password"] = "test",
            });
            using var browser = BrowserClient.Create(web.BaseAddress, acceptAnyCertificate: true);

            var signIn = await browser.SignInAsync("alice", ReviewSeed.Password);

            Assert.Equal("/", signIn.Headers.Location!.OriginalString);
            var cookies = browser.Cookies.GetAllCookies().ToList();
            Assert.Contains(cookies, c => c.Name == "screener.session");
            Assert.Contains(cookies, c => c.Name == "screener.csrf");
            Assert.All(cookies, c => Assert.True(c.Secure, $"cookie {c.Name} is not Secure over https"));
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_cookie_signing_keys_are_readable_by_their_owner_only()
    {
        var keys = Path.Combine(Path.GetTempPath(), $"screener-keys-{Guid.NewGuid():N}");
        try
        {
            await using var web = await WebTestApp.StartAsync(database.ConnectionString,
                new Dictionary<string, string?> { [Screener.Web.Auth.KeyStorage.DirectorySetting] = keys });
            using var browser = BrowserClient.Create(web.BaseAddress);

            await browser.SignInAsync("alice", ReviewSeed.Password);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
            var files = Directory.GetFiles(keys, "*.xml");
            Assert.NotEmpty(files);
            Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        }
        finally
        {
            if (Directory.Exists(keys)) Directory.Delete(keys, recursive: true);
        }
    }
}
