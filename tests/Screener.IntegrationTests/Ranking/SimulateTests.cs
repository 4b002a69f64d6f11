using System.Text.Json;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Ranking;

/// <summary>`screener simulate` reads files only; the connection string is never opened.</summary>
public sealed class SimulateTests : IDisposable
{
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Database=unused;Username=u;Password=p";
    private readonly string _out = Directory.CreateTempSubdirectory("simulate-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static Task<CliResult> RunAsync(params string[] args) =>
        CliHarness.RunAsync(NoDatabase, new Dictionary<string, string?>(), args);

    [Fact]
    public async Task Simulate_on_the_example_writes_curves_summaries_and_an_svg_per_seed_and_reports_json()
    {
        var result = await RunAsync("simulate", "--data", RankingSeed.ExampleCsv, "--runs", "2", "--out", _out, "--json");

        result.AssertExit(0);
        using var json = JsonDocument.Parse(result.Out);
        var dataset = json.RootElement.GetProperty("datasets")[0];
        Assert.Equal("donners2021-emicizumab", dataset.GetProperty("dataset").GetString()); // named by its folder
        Assert.Equal("label_final", dataset.GetProperty("labelColumn").GetString());
        Assert.Equal(258, dataset.GetProperty("records").GetInt32());
        Assert.Equal(15, dataset.GetProperty("relevant").GetInt32());
        Assert.Equal(2, dataset.GetProperty("runs").GetArrayLength());
        var curve = await File.ReadAllLinesAsync(Path.Combine(_out, "donners2021-emicizumab", "curve-seed2.csv"));
        Assert.Equal(259, curve.Length);
        Assert.EndsWith(",1", curve[1]); // the first prior record is an include
        Assert.StartsWith("<svg", await File.ReadAllTextAsync(Path.Combine(_out, "donners2021-emicizumab", "recall-curve.svg")));
        Assert.Contains("| donners2021-emicizumab | label_final | 258 | 15 | no |", await File.ReadAllTextAsync(Path.Combine(_out, "summary.md")));
        Assert.Equal(3, (await File.ReadAllLinesAsync(Path.Combine(_out, "runs.csv"))).Length);
    }

    [Fact]
    public async Task A_reliable_simulated_llm_feature_needs_far_fewer_records_than_text_alone()
    {
        var text = await RunAsync("simulate", "--data", RankingSeed.ExampleCsv, "--json");
        var llm = await RunAsync("simulate", "--data", RankingSeed.ExampleCsv, "--llm-noise", "0", "--json");

        int To100(CliResult r) => (int)JsonDocument.Parse(r.Out).RootElement.GetProperty("datasets")[0].GetProperty("recordsTo100").GetProperty("median").GetDouble();
        Assert.True(To100(llm) <= 20, $"with the LLM feature: {To100(llm)}");
        Assert.True(To100(text) > 2 * To100(llm), $"text alone {To100(text)}, with the LLM feature {To100(llm)}");
    }

    [Fact]
    public async Task A_missing_label_column_is_a_one_line_error_naming_the_file()
    {
        var result = await RunAsync("simulate", "--data", RankingSeed.ExampleCsv, "--label-column", "nope");

        result.AssertExit(2);
        Assert.Contains("records.csv: no column 'nope'", result.Error);
    }
}
