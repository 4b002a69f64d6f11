using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>A reason is optional for an exclusion unless the protocol requires it: one rule for the API, the web form and `review decide`.</summary>
public sealed class ExclusionReasonRuleTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
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

    private string Url(int i) => $"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[i]}/decision";

    private string Id(int i) => _seed.RecordsA[i].ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_exclusion_without_a_reason_is_stored_by_default_and_refused_everywhere_once_the_protocol_requires_one()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);
        var optional = await alice.PutAsJsonAsync(Url(0), new { decision = "exclude" });
        var optionalCli = await CliHarness.RunAsync(database, "review", "decide", "--review", "A", "--user", "bob", "--record", Id(0), "--decision", "exclude");

        await RequireReasonsAsync();
        var refused = await alice.PutAsJsonAsync(Url(1), new { decision = "exclude" });
        var refusedCli = await CliHarness.RunAsync(database, "review", "decide", "--review", "A", "--user", "bob", "--record", Id(1), "--decision", "exclude");
        var withReason = await alice.PutAsJsonAsync(Url(1), new { decision = "exclude", exclusionReason = "not human data" });

        Assert.Equal(HttpStatusCode.OK, optional.StatusCode);
        optionalCli.AssertExit(0);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("the protocol requires a reason for an exclusion", await refused.Content.ReadAsStringAsync());
        refusedCli.AssertExit(2);
        Assert.Contains("the protocol requires a reason for an exclusion", refusedCli.Error);
        Assert.Equal(HttpStatusCode.OK, withReason.StatusCode);
        await using var db = database.CreateDbContext();
        var stored = await db.HumanDecisions.Where(d => d.Stage == ReviewStage.TitleAbstract).OrderBy(d => d.Id).ToListAsync();
        Assert.Equal([(_seed.RecordsA[0], null), (_seed.RecordsA[0], null), (_seed.RecordsA[1], "not human data")],
            stored.Select(d => (d.RecordId, d.ExclusionReason)));
    }

    /// <summary>Review A's protocol again with `exclusion_reason_required: true`, as a new protocol version.</summary>
    private async Task RequireReasonsAsync()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"));
        Assert.Contains("  dual_human_review: true\n", yaml);
        var file = Path.Combine(Directory.CreateTempSubdirectory("screener-protocol-").FullName, "protocol.yaml");
        await File.WriteAllTextAsync(file, yaml.Replace("  dual_human_review: true\n", "  dual_human_review: true\n  exclusion_reason_required: true\n", StringComparison.Ordinal));
        await using var db = database.CreateDbContext();
        var result = await InitReview.RunAsync(db, new FakeTimeProvider(DateTimeOffset.UnixEpoch), new InitReviewRequest("A", file), CancellationToken.None);
        Assert.True(result.ProtocolChanged);
    }
}
