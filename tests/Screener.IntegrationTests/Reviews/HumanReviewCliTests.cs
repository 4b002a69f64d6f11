using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Reviews;
using Screener.IntegrationTests.Infrastructure;
using Screener.IntegrationTests.Web;

namespace Screener.IntegrationTests.Reviews;

public sealed class HumanReviewCliTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_admin_adds_a_user_with_a_password_a_membership_and_an_api_key()
    {
        var passwordFile = Path.Combine(Path.GetTempPath(), $"pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, "a long enough secret\n");

        var add = await CliHarness.RunAsync(database, "review", "user", "add", "--name", "dora", "--role", "adjudicator", "--password-file", passwordFile);
        var member = await CliHarness.RunAsync(database, "review", "member", "add", "--review", "A", "--user", "dora", "--role", "adjudicator");
        var key = await CliHarness.RunAsync(database, "review", "apikey", "--user", "dora", "--json");
        File.Delete(passwordFile);

        add.AssertExit(0);
        member.AssertExit(0);
        key.AssertExit(0);
        Assert.Contains("added adjudicator 'dora'", add.Out);
        var apiKey = JsonDocument.Parse(key.Out).RootElement.GetProperty("apiKey").GetString()!;
        await using var db = database.CreateDbContext();
        Assert.Equal("dora", (await AuthenticateReviewer.ByPasswordAsync(db, "dora", "a long enough secret", CancellationToken.None))?.UserName);
        Assert.Null(await AuthenticateReviewer.ByPasswordAsync(db, "dora", "a wrong secret!!", CancellationToken.None));
        Assert.Equal("dora", (await AuthenticateReviewer.ByApiKeyAsync(db, apiKey, CancellationToken.None))?.UserName);
        var dora = await db.Reviewers.SingleAsync(r => r.UserName == "dora");
        Assert.Equal(ReviewerRole.Adjudicator, (await ReviewAccess.RequireAsync(db, dora.Id, _seed.ReviewA, CancellationToken.None)).Role);
        Assert.DoesNotContain(apiKey, dora.ApiKeyHash);
    }

    [Fact]
    public async Task A_short_password_or_a_duplicate_user_is_refused_with_a_one_line_cause()
    {
        var passwordFile = Path.Combine(Path.GetTempPath(), $"pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, "short\n");

        var shortPassword = await CliHarness.RunAsync(database, "review", "user", "add", "--name", "erin", "--password-file", passwordFile);
        var duplicate = await CliHarness.RunAsync(database, "review", "user", "add", "--name", "alice");
        File.Delete(passwordFile);

        shortPassword.AssertExit(2);
        Assert.Equal("error: password: must be at least 10 characters", shortPassword.Error.Trim());
        duplicate.AssertExit(2);
        Assert.Equal("error: a reviewer named 'alice' already exists", duplicate.Error.Trim());
    }

    [Fact]
    public async Task Decisions_from_the_cli_make_conflicts_agreement_and_prisma_counts()
    {
        var record = _seed.RecordsA[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var alice = await CliHarness.RunAsync(database, "review", "decide", "--review", "A", "--user", "alice", "--record", record, "--decision", "include");
        var badReason = await CliHarness.RunAsync(database, "review", "decide", "--review", "A", "--user", "bob", "--record", record, "--decision", "exclude", "--reason", "boring");
        var bob = await CliHarness.RunAsync(database, "review", "decide", "--review", "A", "--user", "bob", "--record", record, "--decision", "exclude", "--reason", "not human data");
        var outsider = await CliHarness.RunAsync(database, "review", "decide", "--review", "A", "--user", "mallory", "--record", record, "--decision", "include");

        alice.AssertExit(0);
        badReason.AssertExit(2);
        Assert.Contains("'boring' is not one of the protocol's reasons", badReason.Error);
        Assert.Contains("record is conflict", bob.Out);
        outsider.AssertExit(2);

        var conflicts = await CliHarness.RunAsync(database, "review", "conflicts", "--review", "A");
        Assert.Contains("1 open conflict(s)", conflicts.Out);
        Assert.Contains($"record {record}: Alice include; Bob exclude", conflicts.Out);
        var agreement = await CliHarness.RunAsync(database, "review", "agreement", "--review", "A", "--json");
        Assert.Equal(1, JsonDocument.Parse(agreement.Out).RootElement.GetProperty("humanHuman").GetProperty("pairs").GetInt32());

        var svg = Path.Combine(Path.GetTempPath(), $"prisma-{Guid.NewGuid():N}.svg");
        var prisma = await CliHarness.RunAsync(database, "prisma", "--review", "A", "--svg", svg);
        prisma.AssertExit(0);
        Assert.Contains("excluded by humans 0, excluded by automation 0, included 0, awaiting 6", prisma.Out);
        Assert.StartsWith("<svg", await File.ReadAllTextAsync(svg));
        File.Delete(svg);
    }
}
