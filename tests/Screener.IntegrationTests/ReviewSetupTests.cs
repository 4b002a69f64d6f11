using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests;

public sealed class ReviewSetupTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static string Example(string name) => Path.Combine(Paths.Examples, name, "protocol.yaml");

    [Fact]
    public async Task Init_creates_the_review_and_status_shows_it_as_json()
    {
        var init = await CliHarness.RunAsync(database, "init", "--protocol", Example("genai-personalized-medicine"), "--name", "R");
        init.AssertExit(0);

        var status = await CliHarness.RunAsync(database, "status", "--review", "R", "--json");
        status.AssertExit(0);
        using var json = JsonDocument.Parse(status.Out);
        Assert.Equal("R", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(64, json.RootElement.GetProperty("protocolHash").GetString()!.Length);
        Assert.Equal(0, json.RootElement.GetProperty("prisma").GetProperty("identified").GetInt32());
    }

    [Fact]
    public async Task Init_twice_with_the_same_protocol_changes_nothing()
    {
        await CliHarness.RunAsync(database, "init", "--protocol", Example("donners2021-emicizumab"), "--name", "D");
        var again = await CliHarness.RunAsync(database, "init", "--protocol", Example("donners2021-emicizumab"), "--name", "D", "--json");

        again.AssertExit(0);
        using var json = JsonDocument.Parse(again.Out);
        Assert.False(json.RootElement.GetProperty("reviewCreated").GetBoolean());
        Assert.False(json.RootElement.GetProperty("protocolChanged").GetBoolean());
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.Reviews.CountAsync());
        Assert.Equal(1, await db.ProtocolVersions.CountAsync());
    }

    [Fact]
    public async Task Init_with_an_edited_protocol_records_a_new_version()
    {
        var path = Path.Combine(Path.GetTempPath(), $"protocol-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, await File.ReadAllTextAsync(Example("donners2021-emicizumab")));
        await CliHarness.RunAsync(database, "init", "--protocol", path, "--name", "D");
        await File.AppendAllTextAsync(path, "\n# clarified wording\n");

        var again = await CliHarness.RunAsync(database, "init", "--protocol", path, "--name", "D", "--json");

        using var json = JsonDocument.Parse(again.Out);
        Assert.True(json.RootElement.GetProperty("protocolChanged").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("protocolVersions").GetInt32());
        File.Delete(path);
    }

    [Fact]
    public async Task Init_with_an_invalid_protocol_lists_every_error_with_line_and_column_and_writes_nothing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, """
            title: Bad
            question: Does it fail?
            picos:
              population: adults
              intervention: x
            inclusion_criteria: []
            extraction_form:
              - name: n
                type: integerr
                description: count
            """);

        var result = await CliHarness.RunAsync(database, "init", "--protocol", path, "--name", "B");

        result.AssertExit(2);
        Assert.Contains(":4:3: picos is missing required key 'comparison'", result.Error);
        Assert.Contains(":6:21: 'inclusion_criteria' must list at least one criterion", result.Error);
        Assert.Contains(":9:11: field 'n' has unknown type 'integerr'", result.Error);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Reviews.CountAsync());
        File.Delete(path);
    }

    [Fact]
    public async Task Status_of_an_unknown_review_fails_with_a_one_line_cause()
    {
        var result = await CliHarness.RunAsync(database, "status", "--review", "nope");

        result.AssertExit(2);
        Assert.Equal("error: no review named 'nope': create it with `screener init --protocol FILE --name nope`", result.Error.Trim());
    }

    [Fact]
    public async Task A_dead_database_gives_a_clear_error_naming_where_it_looked()
    {
        var dead = "Host=127.0.0.1;Port=1;Database=x;Username=u;Password=secret-pw;Timeout=2";
        var result = await CliHarness.RunAsync(dead, new Dictionary<string, string?>(), "status", "--review", "R");

        result.AssertExit(3);
        Assert.Contains("cannot reach PostgreSQL at 127.0.0.1:1/x", result.Error);
        Assert.DoesNotContain("secret-pw", result.Error);
    }
}
