using CsvHelper;
using System.Globalization;
using Screener.Core.Evaluation;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Evaluation;

/// <summary>
/// Recomputes Wilkins (2023, arXiv, "Automated title and abstract screening for scoping reviews using the GPT-4
/// Large Language Model") from its released per-record decisions and compares with the figures printed in
/// manuscript_arxiv_v1.tex. The paper reports accuracy, sensitivity and specificity per review averaged over the
/// six reviews weighted by sources screened, and whole percentages / two-decimal kappas, so a figure reproduces
/// when the measured value is within half a unit of the printed one.
/// </summary>
public sealed class WilkinsReproductionTests
{
    private static readonly string Folder = Path.Combine(Paths.EvalData, "llm-decisions", "gptscreenr_wilkins2023");
    private const double Percent = 0.005; // half of a printed whole percentage
    private const double TwoDecimals = 0.005;

    private static async Task<ScreeningEvaluation> EvaluateAsync(string file)
    {
        var path = Path.Combine(Folder, file);
        var report = await EvaluateCsvFiles.RunAsync(new CsvEvaluationRequest(path, [path],
            TruthColumn: "human_include", PredictionColumn: "llm_include", GroupBy: "review"), CancellationToken.None);
        return report.Sets.Single();
    }

    private static double Average(ScreeningEvaluation set, string metric) =>
        set.Views.Single().Averages.Single(a => a.Metric == metric).Value!.Value;

    [Fact]
    public async Task Sources_screened_per_review_match_table_1()
    {
        var set = await EvaluateAsync("cot_gpt4.csv");

        var perReview = set.Views[0].Groups.ToDictionary(g => g.Group, g => g.Records);

        // Table 1, "Sources screened": 324, 72, 256, 150, 100, 245; Results: "1,147 sources were screened".
        Assert.Equal(new Dictionary<string, int>
        {
            ["COVID"] = 324,
            ["melanoma"] = 72,
            ["smartphones"] = 256,
            ["solastalgia"] = 150,
            ["suicide"] = 100,
            ["teachers"] = 245,
        }, perReview);
        Assert.Equal(1147, set.Coverage.Predicted);
    }

    [Fact]
    public async Task Chain_of_thought_accuracy_sensitivity_and_specificity_reproduce_the_results_section()
    {
        var set = await EvaluateAsync("cot_gpt4.csv");

        // "overall accuracy of 84% ... weighted average sensitivity of 71% and weighted average specificity of 89%"
        Assert.Equal(0.84, Average(set, "accuracy"), Percent);
        Assert.Equal(0.71, Average(set, "sensitivity"), Percent);
        Assert.Equal(0.89, Average(set, "specificity"), Percent);
        Assert.Equal(0.84, set.Views[0].Pooled.Accuracy.Value!.Value, Percent); // weighting by n makes accuracy the pooled one
    }

    [Fact]
    public async Task Chain_of_thought_kappa_does_not_reproduce_and_the_measured_values_are_recorded()
    {
        var set = await EvaluateAsync("cot_gpt4.csv");

        // The paper prints a weighted average human/GPT-4 kappa of 0.52 for chain-of-thought. From the released
        // decisions the weighted average is 0.552 and the pooled kappa 0.541; neither rounds to 0.52 (the unweighted
        // mean over reviews is 0.484). 0.52 is exactly the zero-shot figure (reproduced below), so the printed CoT
        // value may have been copied from the zero-shot run; we report what the data give.
        var weighted = Average(set, "kappa");
        Assert.Equal(0.5522, weighted, 0.00005);
        Assert.Equal(0.5405, set.Views[0].Pooled.Kappa.Value!.Value, 0.00005);
        Assert.True(Math.Abs(weighted - 0.52) > TwoDecimals, "if this fails, the CoT kappa now reproduces: update the test and the docs");
    }

    [Fact]
    public async Task Zero_shot_figures_reproduce_the_results_section()
    {
        var set = await EvaluateAsync("zeroshot_gpt4_branch.csv");

        // "The zero-shot method achieved an overall accuracy of 83%, with weighted average sensitivity of 72% and
        // weighted average specificity of 87%. The weighted average Cohen's kappa ... was 0.52."
        Assert.Equal(0.83, Average(set, "accuracy"), Percent);
        Assert.Equal(0.72, Average(set, "sensitivity"), Percent);
        Assert.Equal(0.87, Average(set, "specificity"), Percent);
        Assert.Equal(0.52, Average(set, "kappa"), TwoDecimals);
    }

    [Fact]
    public async Task Discussion_zero_shot_replication_reproduces_only_with_the_rows_that_have_no_record_id()
    {
        // "resulted in similar weighted average sensitivity (78%) ... though somewhat poorer specificity (84%...)".
        // That comes from zeroshot_gpt4_master.csv, where 11 COVID rows have no record_id. Joined on record_id (what
        // `screener eval` does) they drop out and sensitivity is 77.50%, just outside the rounding of 78%.
        var joined = await EvaluateAsync("zeroshot_gpt4_master.csv");
        Assert.Equal(1137, joined.Coverage.TruthRecords);
        Assert.Equal(0.77497, Average(joined, "sensitivity"), 0.00001);
        Assert.Equal(0.84, Average(joined, "specificity"), Percent);

        // Keeping every row (each row its own record) reproduces both printed figures.
        var items = await ReadRowsAsync("zeroshot_gpt4_master.csv");
        var all = ScreeningEvaluator.Evaluate("master, all rows", items, GroupWeighting.Records);
        Assert.Equal(1148, all.Coverage.TruthRecords);
        Assert.Equal(0.78, Average(all, "sensitivity"), Percent);
        Assert.Equal(0.84, Average(all, "specificity"), Percent);
    }

    private static async Task<List<EvaluationItem>> ReadRowsAsync(string file)
    {
        using var reader = new StreamReader(Path.Combine(Folder, file));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var items = new List<EvaluationItem>();
        await csv.ReadAsync();
        csv.ReadHeader();
        while (await csv.ReadAsync())
            items.Add(new EvaluationItem($"row {csv.Parser.Row}", csv.GetField("review")!, csv.GetField("human_include") == "1",
                csv.GetField("llm_include") == "1" ? PredictedLabel.Include : PredictedLabel.Exclude));
        return items;
    }
}
