using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Records;

public sealed class DedupTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await CliHarness.RunAsync(database, "init", "--protocol", Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"), "--name", "R");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Eval(string dataset) => Path.Combine(Paths.EvalData, "screening", dataset, "records.csv");

    private async Task ImportEstrogenCopiesAsync()
    {
        Assert.Equal(0, (await CliHarness.RunAsync(database, "import", "--review", "R", Eval("synergy_Nelson_2002"), "--source", "SYNERGY")).ExitCode);
        Assert.Equal(0, (await CliHarness.RunAsync(database, "import", "--review", "R", Eval("cohen2006_Estrogens"), "--source", "Cohen")).ExitCode);
    }

    private static async Task<List<(long Id, string? Doi, string? Pmid, int? Year, int Authors, bool Abstract, long? Of)>> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return (await db.Records.OrderBy(r => r.Id).Select(r => new { r.Id, r.Doi, r.Pmid, r.Year, r.Authors, r.Abstract, r.DuplicateOfId }).ToListAsync())
            .Select(r => (r.Id, r.Doi, r.Pmid, r.Year, r.Authors.Count, r.Abstract != null, r.DuplicateOfId)).ToList();
    }

    [Fact]
    public async Task The_SYNERGY_and_Cohen_copies_pair_up_merge_missing_fields_and_a_second_run_finds_nothing()
    {
        await ImportEstrogenCopiesAsync();

        var dedup = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--json");

        Assert.Equal(0, dedup.ExitCode);
        using var json = JsonDocument.Parse(dedup.Out);
        Assert.True(json.RootElement.GetProperty("newDuplicates").GetInt32() >= 360, dedup.Out);
        await using var db = database.CreateDbContext();
        var links = await db.DuplicateLinks.ToListAsync();
        var sources = await db.Records.ToDictionaryAsync(r => r.Id, r => r.ImportSourceId);
        Assert.All(links, l => Assert.NotEqual(sources[l.KeptRecordId], sources[l.DuplicateRecordId]));
        var kept = await db.Records.SingleAsync(r => r.Pmid == "10212006" && r.DuplicateOfId == null);
        Assert.Equal(("10.1592/phco.19.6.374.31050", 1999, "M H Ensom"), (kept.Doi, kept.Year, kept.Authors[0]));
        var status = JsonDocument.Parse((await CliHarness.RunAsync(database, "status", "--review", "R", "--json")).Out);
        Assert.Equal(links.Count, status.RootElement.GetProperty("prisma").GetProperty("duplicatesRemoved").GetInt32());

        var again = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--json");
        Assert.Equal(0, JsonDocument.Parse(again.Out).RootElement.GetProperty("newDuplicates").GetInt32());
        Assert.Equal(links.Count, await db.DuplicateLinks.CountAsync());
    }

    [Fact]
    public async Task Undo_restores_every_record_as_it_was_and_one_link_can_be_undone_alone()
    {
        await ImportEstrogenCopiesAsync();
        var before = await SnapshotAsync(database);
        await CliHarness.RunAsync(database, "dedup", "--review", "R");
        await using var db = database.CreateDbContext();
        var link = await db.DuplicateLinks.Where(l => l.MergedFieldsJson != "{}").OrderBy(l => l.Id).FirstAsync();

        var one = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--undo", "--link", link.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(one.ExitCode == 0, one.Error);
        var afterOne = await SnapshotAsync(database);
        Assert.Equal(before.Single(r => r.Id == link.KeptRecordId), afterOne.Single(r => r.Id == link.KeptRecordId));
        Assert.Equal(before.Single(r => r.Id == link.DuplicateRecordId), afterOne.Single(r => r.Id == link.DuplicateRecordId));
        Assert.Contains(afterOne, r => r.Of is not null);

        var all = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--undo");

        Assert.True(all.ExitCode == 0, all.Error);
        Assert.Equal(before, await SnapshotAsync(database));
        Assert.Equal(0, await db.DuplicateLinks.CountAsync(l => l.UndoneAt == null));
        // Undone merges are remembered (issue 21.2): the next run does not make them again.
        var redo = JsonDocument.Parse((await CliHarness.RunAsync(database, "dedup", "--review", "R", "--json")).Out);
        Assert.Equal(0, redo.RootElement.GetProperty("newDuplicates").GetInt32());
        Assert.Equal(await db.DuplicateLinks.CountAsync(), await db.DuplicatePairDecisions.CountAsync(d => d.WithdrawnAt == null && d.Origin == PairDecisionOrigin.UndoneMerge));
    }

    [Fact]
    public async Task Conflicting_imported_labels_and_human_decisions_on_duplicates_are_listed()
    {
        await CliHarness.RunAsync(database, "import", "--review", "R", Eval("gptscreenr_smartphones"), "--source", "Scopus");
        await using (var db = database.CreateDbContext())
        {
            var pair = await db.Records.Where(r => r.Title == "GETSmart: Guided Education and Training via Smart Phones to Promote Resilience")
                .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
            Assert.Equal(2, pair.Count);
            var reviewer = new Reviewer { UserName = "ann", CreatedAt = DateTimeOffset.UnixEpoch };
            db.Reviewers.Add(reviewer);
            await db.SaveChangesAsync();
            var reviewId = await db.Reviews.Select(r => r.Id).SingleAsync();
            db.HumanDecisions.AddRange(
                new HumanDecision { ReviewId = reviewId, RecordId = pair[0], ReviewerId = reviewer.Id, Stage = ReviewStage.TitleAbstract, Decision = ScreeningDecision.Include },
                new HumanDecision { ReviewId = reviewId, RecordId = pair[1], ReviewerId = reviewer.Id, Stage = ReviewStage.TitleAbstract, Decision = ScreeningDecision.Exclude });
            await db.SaveChangesAsync();
        }

        var dedup = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--json");

        var conflicts = JsonDocument.Parse(dedup.Out).RootElement.GetProperty("labelConflicts").EnumerateArray()
            .Select(c => c.GetProperty("label").GetString()).ToList();
        Assert.Equal(21, conflicts.Count(c => c == "imported label_ta"));
        Assert.Equal(1, conflicts.Count(c => c == "human TitleAbstract"));
        Assert.Contains("TitleYearAuthor", dedup.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undoing_an_unknown_link_fails_with_a_one_line_cause()
    {
        var result = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--undo", "--link", "999");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: review 'R' has no merge 999 in force: list merges with `screener dedup --review R --list`", result.Error.Trim());
    }
}
