using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>
/// Issue 18 "settled means four things": one seeded review under dual review, and every reader of its figures (the
/// overview page, `status`, PRISMA in the API and the CLI, both exports, the eval gold standard) gives the same ones.
/// Records: 0 both include, 1 both exclude, 2 one reviewer's exclude, 3 include vs exclude, 4 a conflict adjudicated
/// include, 5 undecided. Unique 6, settled 3 (2 included, 1 excluded), 1 in conflict, 3 awaiting.
/// </summary>
public sealed class SettledFiguresTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private WebTestApp _web = null!;
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database);
        _web = await WebTestApp.StartAsync(database.ConnectionString);
        using var alice = _web.Client(_seed.ApiKeys["alice"]);
        using var bob = _web.Client(_seed.ApiKeys["bob"]);
        using var carol = _web.Client(_seed.ApiKeys["carol"]);
        foreach (var (record, a, b) in new[] { (0, "include", "include"), (1, "exclude", "exclude"), (2, "exclude", null), (3, "include", "exclude"), (4, "include", "exclude") })
        {
            await DecideAsync(alice, record, a);
            if (b is not null) await DecideAsync(bob, record, b);
        }
        Assert.Equal(HttpStatusCode.Created, (await carol.PostAsJsonAsync(Url(4) + "/adjudication", new { decision = "include" })).StatusCode);
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private string Url(int index) => $"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[index]}";

    private async Task DecideAsync(HttpClient client, int index, string decision) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync(Url(index) + "/decision",
            new { decision, exclusionReason = decision == "exclude" ? "not emicizumab" : null })).StatusCode);

    [Fact]
    public async Task Prisma_the_overview_page_and_the_stopping_aid_give_the_same_figures()
    {
        using var carol = _web.Client(_seed.ApiKeys["carol"]);
        var prisma = await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/prisma");
        var figures = prisma.GetProperty("figures");
        Assert.Equal((6, 3, 2, 1, 1, 3), (figures.GetProperty("uniqueRecords").GetInt32(), figures.GetProperty("settled").GetInt32(),
            figures.GetProperty("included").GetInt32(), figures.GetProperty("excluded").GetInt32(), figures.GetProperty("inConflict").GetInt32(),
            figures.GetProperty("awaitingDecision").GetInt32()));
        Assert.Equal((6, 2, 1, 3), (prisma.GetProperty("screened").GetInt32(), prisma.GetProperty("includedAfterTitleAbstract").GetInt32(),
            prisma.GetProperty("excludedByHumans").GetInt32(), prisma.GetProperty("awaitingDecision").GetInt32()));

        var page = await carol.GetStringAsync($"/reviews/{_seed.ReviewA}");
        foreach (var (id, value) in new[] { ("unique", 6), ("settled", 3), ("included", 2), ("excluded", 1), ("in-conflict", 1), ("awaiting", 3), ("aid-settled", 3), ("aid-includes", 2) })
            Assert.Contains($"id=\"fig-{id}\">{value}<", page);
        var aid = await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/stopping-aid");
        Assert.Equal((3, 2), (aid.GetProperty("screened").GetInt32(), aid.GetProperty("includesFound").GetInt32()));
    }

    [Fact]
    public async Task Status_and_the_prisma_command_print_the_same_figures()
    {
        var status = await CliHarness.RunAsync(database, "status", "--review", "A");
        var prisma = await CliHarness.RunAsync(database, "prisma", "--review", "A");

        Assert.Contains("unique records 6", status.Out);
        Assert.Contains("settled 3: included 2, excluded by humans 1, by automation 0; in conflict 1; awaiting a settled decision 3", status.Out);
        Assert.DoesNotContain("screened 6", status.Out);
        Assert.Contains("settled 3: excluded by humans 1, excluded by automation 0, included 2, awaiting 3", prisma.Out);
    }

    [Fact]
    public async Task Both_exports_and_the_eval_gold_standard_leave_one_reviewers_exclude_unsettled()
    {
        var export = await CliHarness.RunAsync(database, "export", "--review", "A", "--format", "csv");
        Assert.Equal(0, export.ExitCode);
        // One export slice for the CLI and the web: the state and the settled decision per stage, by the one definition.
        var cliState = ReadCsv(export.Out, "screener_id", "state_ta");
        var cliDecision = ReadCsv(export.Out, "screener_id", "decision_ta");
        Assert.Equal(["settled", "settled", "awaiting", "conflict", "settled", "awaiting"], _seed.RecordsA.Select(id => cliState[id.ToString(CultureInfo.InvariantCulture)]));
        Assert.Equal(["include", "exclude", "", "", "include", ""], _seed.RecordsA.Select(id => cliDecision[id.ToString(CultureInfo.InvariantCulture)]));

        using var carol = _web.Client(_seed.ApiKeys["carol"]);
        var web = await carol.GetStringAsync($"/api/reviews/{_seed.ReviewA}/export?format=csv");
        var api = ReadCsv(web, "screener_id", "state_ta");
        Assert.Equal(["settled", "settled", "awaiting", "conflict", "settled", "awaiting"], _seed.RecordsA.Select(id => api[id.ToString(CultureInfo.InvariantCulture)]));
        Assert.Equal(cliDecision, ReadCsv(web, "screener_id", "decision_ta"));

        var eval = await CliHarness.RunAsync(database, "eval", "--review", "A", "--json");
        Assert.Equal(0, eval.ExitCode);
        using var json = JsonDocument.Parse(eval.Out);
        var coverage = json.RootElement.GetProperty("report").GetProperty("sets")[0].GetProperty("coverage");
        Assert.Equal(3, coverage.GetProperty("truthRecords").GetInt32());
    }

    private static Dictionary<string, string> ReadCsv(string text, string key, string value)
    {
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var rows = new Dictionary<string, string>();
        while (csv.Read()) rows[csv.GetField(key)!] = csv.GetField(value)!;
        return rows;
    }
}
