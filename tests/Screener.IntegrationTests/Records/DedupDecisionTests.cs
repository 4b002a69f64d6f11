using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Dedup;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Records;

/// <summary>Issue 21.2: people's "same" and "not the same" on pairs of records, and undone merges, are remembered by later dedup runs.</summary>
public sealed class DedupDecisionTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Twin = "Emicizumab prophylaxis in haemophilia A with inhibitors: a multicentre observational study";

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await CliHarness.RunAsync(database, "init", "--protocol", Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"), "--name", "R");
        var dir = Directory.CreateTempSubdirectory("screener-dedup-").FullName;
        var csv = Path.Combine(dir, "records.csv");
        await File.WriteAllTextAsync(csv, $"""
            title,year,authors
            "{Twin}",2019,"Smith, J"
            "{Twin.ToUpperInvariant()}",2019,"Smith, J"
            "A conference abstract about bleeding rates in children on prophylaxis",2020,"Jones, K"
            "Bleeding rates in children on prophylaxis: the full paper of a cohort",2021,"Brown, L"
            """);
        Assert.Equal(0, (await CliHarness.RunAsync(database, "import", "--review", "R", csv)).ExitCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long[]> IdsAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.Records.OrderBy(r => r.Id).Select(r => r.Id).ToArrayAsync();
    }

    private async Task<long?[]> DuplicateOfAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.Records.OrderBy(r => r.Id).Select(r => r.DuplicateOfId).ToArrayAsync();
    }

    private async Task<int> DedupAsync()
    {
        var run = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Out).RootElement.GetProperty("newDuplicates").GetInt32();
    }

    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_undone_merge_does_not_come_back_at_the_next_dedup_until_its_decision_is_withdrawn()
    {
        Assert.Equal(1, await DedupAsync());
        await using var db = database.CreateDbContext();
        var link = await db.DuplicateLinks.SingleAsync();

        Assert.Equal(0, (await CliHarness.RunAsync(database, "dedup", "--review", "R", "--undo", "--link", S(link.Id))).ExitCode);

        Assert.Equal(0, await DedupAsync());
        Assert.All(await DuplicateOfAsync(), Assert.Null);
        var decision = await db.DuplicatePairDecisions.SingleAsync(d => d.WithdrawnAt == null);
        Assert.Equal((PairVerdict.NotSame, PairDecisionOrigin.UndoneMerge), (decision.Verdict, decision.Origin));

        Assert.Equal(0, (await CliHarness.RunAsync(database, "dedup", "--review", "R", "--forget", S(decision.Id))).ExitCode);
        Assert.Equal(1, await DedupAsync());
    }

    [Fact]
    public async Task Not_duplicate_takes_a_merge_apart_and_keeps_it_apart()
    {
        var ids = await IdsAsync();
        Assert.Equal(1, await DedupAsync());

        var said = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--not-duplicate", S(ids[0]), S(ids[1]));

        Assert.True(said.ExitCode == 0, said.Error);
        Assert.Contains("1 merge(s) that joined them undone", said.Out, StringComparison.Ordinal);
        Assert.Equal(0, await DedupAsync());
        Assert.All(await DuplicateOfAsync(), Assert.Null);
        var list = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--decisions");
        Assert.Contains($"records {ids[0]} and {ids[1]} are not the same (Person", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_joins_two_records_the_rules_keep_apart_and_later_runs_keep_them_joined()
    {
        var ids = await IdsAsync();

        var said = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--merge", S(ids[3]), S(ids[2]));

        Assert.True(said.ExitCode == 0, said.Error);
        var of = await DuplicateOfAsync();
        Assert.True(of[3] == ids[2] ^ of[2] == ids[3], string.Join(",", of));
        await using var db = database.CreateDbContext();
        Assert.Contains(await db.DuplicateLinks.Select(l => l.Reason).ToListAsync(), r => r == DuplicateReason.Person);
        Assert.Equal(0, await DedupAsync());
        Assert.Equal(of, await DuplicateOfAsync());
    }

    [Fact]
    public async Task A_pair_decision_on_a_record_of_another_review_or_twice_the_same_record_is_refused()
    {
        var ids = await IdsAsync();
        var same = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--merge", S(ids[0]), S(ids[0]));
        Assert.Equal(2, same.ExitCode);
        var missing = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--not-duplicate", S(ids[0]), "999999");
        Assert.Equal("error: review 'R' has no record 999999 (record ids are shown by `export` and `dedup --list`)", missing.Error.Trim());
    }
}
