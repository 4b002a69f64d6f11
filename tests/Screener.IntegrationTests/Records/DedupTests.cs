using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Dedup;
using Screener.Core.Reviews;
using Screener.Core.Tests.TestData;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Records;

public sealed class DedupTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dedup-").FullName;

    // One review's 366 records as PubMed exports them, and the same works as another database does (row i is row i).
    private static readonly SyntheticDataset PubMed = SyntheticRecords.Generate(new("pubmed", 366, 80, 80, Seed: 1999) { DoiShare = 0.3 });
    private static readonly SyntheticDataset OtherDatabase = SyntheticRecords.AnotherDatabaseCopy(PubMed, "openalex", "oa_", seed: 3);

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        (await CliHarness.RunAsync(database, "init", "--protocol", Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"), "--name", "R")).AssertExit(0);
    }

    public Task DisposeAsync() => Task.CompletedTask;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task ImportBothCopiesAsync()
    {
        (await CliHarness.RunAsync(database, "import", "--review", "R", OtherDatabase.WriteCsv(_dir), "--source", "OpenAlex")).AssertExit(0);
        (await CliHarness.RunAsync(database, "import", "--review", "R", PubMed.WriteCsv(_dir), "--source", "PubMed")).AssertExit(0);
    }

    private static async Task<List<(long Id, string? Doi, string? Pmid, int? Year, int Authors, bool Abstract, long? Of)>> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return (await db.Records.OrderBy(r => r.Id).Select(r => new { r.Id, r.Doi, r.Pmid, r.Year, r.Authors, r.Abstract, r.DuplicateOfId }).ToListAsync())
            .Select(r => (r.Id, r.Doi, r.Pmid, r.Year, r.Authors.Count, r.Abstract != null, r.DuplicateOfId)).ToList();
    }

    [Fact]
    public async Task Two_databases_copies_pair_up_merge_missing_fields_and_a_second_run_finds_nothing()
    {
        await ImportBothCopiesAsync();

        var dedup = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--json");

        dedup.AssertExit(0);
        using var json = JsonDocument.Parse(dedup.Out);
        Assert.Equal(366, json.RootElement.GetProperty("newDuplicates").GetInt32());
        await using var db = database.CreateDbContext();
        var links = await db.DuplicateLinks.ToListAsync();
        var ids = await db.Records.ToDictionaryAsync(r => r.Id, r => r.ExternalId!);
        Assert.Equal(Enumerable.Range(1, 366).Select(i => (OtherDatabase.Records[i - 1].Id, PubMed.Records[i - 1].Id)).Order(),
            links.Select(l => new[] { ids[l.KeptRecordId], ids[l.DuplicateRecordId] }.OrderBy(id => id.StartsWith("oa_", StringComparison.Ordinal) ? 0 : 1).ToArray())
                .Select(p => (p[0], p[1])).Order());
        // A work whose PubMed copy has the PMID and the other copy alone the DOI keeps both after the merge.
        var index = Enumerable.Range(0, 366).First(i => PubMed.Records[i].Doi is null && OtherDatabase.Records[i].Doi is not null && OtherDatabase.Records[i].Pmid is null);
        var (withPmid, withDoi) = (PubMed.Records[index], OtherDatabase.Records[index]);
        var kept = await db.Records.SingleAsync(r => (r.ExternalId == withPmid.Id || r.ExternalId == withDoi.Id) && r.DuplicateOfId == null);
        Assert.Equal((withDoi.Doi, withPmid.Pmid, withPmid.Year), (kept.Doi, kept.Pmid, kept.Year));
        var status = JsonDocument.Parse((await CliHarness.RunAsync(database, "status", "--review", "R", "--json")).Out);
        Assert.Equal(links.Count, status.RootElement.GetProperty("prisma").GetProperty("duplicatesRemoved").GetInt32());

        var again = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--json");
        Assert.Equal(0, JsonDocument.Parse(again.Out).RootElement.GetProperty("newDuplicates").GetInt32());
        Assert.Equal(links.Count, await db.DuplicateLinks.CountAsync());
    }

    [Fact]
    public async Task Undo_restores_every_record_as_it_was_and_one_link_can_be_undone_alone()
    {
        await ImportBothCopiesAsync();
        var before = await SnapshotAsync(database);
        await CliHarness.RunAsync(database, "dedup", "--review", "R");
        await using var db = database.CreateDbContext();
        var link = await db.DuplicateLinks.Where(l => l.MergedFieldsJson != "{}").OrderBy(l => l.Id).FirstAsync();

        var one = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--undo", "--link", link.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        one.AssertExit(0);
        var afterOne = await SnapshotAsync(database);
        Assert.Equal(before.Single(r => r.Id == link.KeptRecordId), afterOne.Single(r => r.Id == link.KeptRecordId));
        Assert.Equal(before.Single(r => r.Id == link.DuplicateRecordId), afterOne.Single(r => r.Id == link.DuplicateRecordId));
        Assert.Contains(afterOne, r => r.Of is not null);

        var all = await CliHarness.RunAsync(database, "dedup", "--review", "R", "--undo");

        all.AssertExit(0);
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
        // 181 rows repeat earlier records without their identifiers; 21 of the groups carry both labels.
        var data = SyntheticRecords.WithDuplicates(SyntheticRecords.Generate(new("scoping", 2000, 350, 0, Seed: 5340) { DoiShare = 0.4 }),
            copies: 181, conflicting: 21, seed: 7);
        (await CliHarness.RunAsync(database, "import", "--review", "R", data.WriteCsv(_dir), "--source", "Scopus")).AssertExit(0);
        // Reviewers then disagree on one pair whose imported labels agree.
        var agreeing = data.DuplicateGroups.Skip(21).First(g => g.Copies.Count == 1);
        string[] pairIds = [data.Records[agreeing.Original].Id, data.Records[agreeing.Copies[0]].Id];
        await using (var db = database.CreateDbContext())
        {
            var pair = await db.Records.Where(r => pairIds.Contains(r.ExternalId!)).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
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

        var dedup = (await CliHarness.RunAsync(database, "dedup", "--review", "R", "--json")).AssertExit(0);

        Assert.Equal(181, JsonDocument.Parse(dedup.Out).RootElement.GetProperty("newDuplicates").GetInt32());
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
        result.AssertExit(2);
        Assert.Equal("error: review 'R' has no merge 999 in force: list merges with `screener dedup --review R --list`", result.Error.Trim());
    }
}
