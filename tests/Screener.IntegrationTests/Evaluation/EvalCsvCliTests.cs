using System.Text.Json;
using System.Xml.Linq;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Evaluation;

/// <summary>`screener eval` over plain files. No database is touched, but the harness needs a connection string.</summary>
public sealed class EvalCsvCliTests : IDisposable
{
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Database=unused;Username=u;Password=p";
    private readonly string _dir = Directory.CreateTempSubdirectory("eval-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<CliResult> Run(params string[] args) => CliHarness.RunAsync(NoDatabase, new Dictionary<string, string?>(), args);

    /// <summary>Confusion counts of two LLM runs on one review: (TP, FP, FN, TN) each, over the same human labels.</summary>
    private sealed record ReviewCounts(string Review, (int Tp, int Fp, int Fn, int Tn) First, (int Tp, int Fp, int Fn, int Tn) Second)
    {
        public int Records => First.Tp + First.Fp + First.Fn + First.Tn;
    }

    // Six reviews of different sizes and include rates, in the shape of the Wilkins (2023) release: the weighted
    // averages differ from the pooled figures, and one review has no human include (its sensitivity is undefined).
    private static readonly ReviewCounts[] Reviews =
    [
        new("COVID", (57, 51, 20, 196), (55, 60, 22, 187)),
        new("melanoma", (40, 3, 18, 11), (44, 4, 14, 10)),
        new("smartphones", (30, 25, 14, 187), (35, 33, 9, 179)),
        new("solastalgia", (0, 6, 0, 144), (0, 9, 0, 141)),
        new("suicide", (9, 10, 4, 77), (10, 12, 3, 75)),
        new("teachers", (14, 6, 4, 221), (16, 7, 2, 220)),
    ];

    /// <summary>Writes both runs as `review,record_id,title,human_include,llm_include` files, records in a seeded order.</summary>
    private async Task<(string First, string Second)> WriteRunsAsync()
    {
        var rows = new List<(string Review, string Id, bool Human, bool First, bool Second)>();
        foreach (var r in Reviews)
        {
            // Human includes first: TP/FN of each run over them, then the excludes: FP/TN.
            var includes = r.First.Tp + r.First.Fn;
            for (var i = 0; i < r.Records; i++)
            {
                var human = i < includes;
                var k = human ? i : i - includes;
                rows.Add((r.Review, $"{r.Review}-{i + 1}", human, human ? k < r.First.Tp : k < r.First.Fp, human ? k < r.Second.Tp : k < r.Second.Fp));
            }
        }
        var random = new Random(2023);
        rows = rows.OrderBy(_ => random.Next()).ToList();
        string File(Func<(string Review, string Id, bool Human, bool First, bool Second), bool> llm) =>
            "review,record_id,title,human_include,llm_include\n" + string.Concat(rows.Select(x =>
                $"{x.Review},{x.Id},\"Record {x.Id}: a \"\"title\"\", with a comma\",{(x.Human ? 1 : 0)},{(llm(x) ? 1 : 0)}\n"));
        return (await WriteAsync("cot_run.csv", File(x => x.First)), await WriteAsync("zero_shot.csv", File(x => x.Second)));
    }

    private static double WeightedAverage(Func<ReviewCounts, double?> metric)
    {
        var defined = Reviews.Where(r => metric(r) is not null).ToList();
        return defined.Sum(r => r.Records * metric(r)!.Value) / defined.Sum(r => r.Records);
    }

    [Fact]
    public async Task Decision_files_grouped_by_review_give_weighted_averages_agreement_and_a_report_folder()
    {
        var (cot, zeroShot) = await WriteRunsAsync();
        var outDir = Directory.CreateDirectory(Path.Combine(_dir, "report")).FullName;
        var result = await Run("eval", "--truth", cot, "--predictions", cot, "--predictions", zeroShot,
            "--truth-column", "human_include", "--prediction-column", "llm_include", "--group-by", "review", "--weight-by", "n", "--out", outDir, "--json");

        result.AssertExit(0);
        using var json = JsonDocument.Parse(result.Out);
        var sets = json.RootElement.GetProperty("report").GetProperty("sets");
        var averages = sets[1].GetProperty("views")[0].GetProperty("averages").EnumerateArray()
            .ToDictionary(a => a.GetProperty("metric").GetString()!, a => a.GetProperty("value").GetDouble());
        // Weighted by records screened, over the reviews where the metric is defined (solastalgia has no include).
        Assert.Equal(WeightedAverage(r => r.Second.Tp + r.Second.Fn == 0 ? null : (double)r.Second.Tp / (r.Second.Tp + r.Second.Fn)), averages["sensitivity"], 12);
        Assert.Equal(WeightedAverage(r => (double)r.Second.Tn / (r.Second.Tn + r.Second.Fp)), averages["specificity"], 12);
        Assert.Equal(6, sets[0].GetProperty("views")[0].GetProperty("groups").GetArrayLength());
        var total = Reviews.Sum(r => r.Records);
        var agreement = json.RootElement.GetProperty("report").GetProperty("agreement");
        Assert.Equal(total, agreement.GetProperty("records").GetInt32());

        string[] expected = ["report.md", "metrics.csv", "confusion.csv", "coverage.csv", "flags.csv", "agreement.csv", "confusion-cot-run.svg", "confusion-zero-shot.svg"];
        Assert.Equal(expected.Order(), Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        foreach (var svg in Directory.GetFiles(outDir, "*.svg")) Assert.Equal("svg", XDocument.Load(svg).Root!.Name.LocalName);
        var prefix = $"cot_run,decided,weighted-average,{total},sensitivity,";
        var line = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(outDir, "metrics.csv")), l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Equal(WeightedAverage(r => r.First.Tp + r.First.Fn == 0 ? null : (double)r.First.Tp / (r.First.Tp + r.First.Fn)),
            double.Parse(line[prefix.Length..].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture), 12);
        Assert.Contains("| teachers | 245 | 14 | 6 | 4 | 221 |", await File.ReadAllTextAsync(Path.Combine(outDir, "report.md")));
    }

    [Fact]
    public async Task Missing_and_unsure_predictions_are_reported_and_scores_give_ranking_figures()
    {
        var truth = await WriteAsync("truth.csv", "record_id,label\na,1\nb,1\nc,0\nd,0\ne,0\n");
        var predictions = await WriteAsync("pred.csv", "record_id,prediction,score,confidence\na,include,0.9,0.95\nb,unsure,0.5,\nc,Exclude,0.1,0.99\nd,yes,0.7,0.97\n");

        var result = await Run("eval", "--truth", truth, "--predictions", predictions, "--score-column", "score", "--out", _dir);

        result.AssertExit(0);
        Assert.Contains("pred: 4/5 predicted, 1 missing, 1 unsure", result.Out);
        Assert.Contains("decided            TP 1 FP 1 FN 0 TN 1", result.Out);
        Assert.Contains("unsure-as-include  TP 2 FP 1 FN 0 TN 1", result.Out);
        Assert.Contains("unsure-as-exclude  TP 1 FP 1 FN 1 TN 1", result.Out);
        Assert.Contains("1 confident (>= 0.90) contradictions", result.Out);
        Assert.Contains("no grounding flags to count", result.Out); // d: include at 0.97, human exclude
        Assert.Contains("records to 95% 3 of 5", result.Out); // order a, d, b, c, e (e unscored, last)
        Assert.True(File.Exists(Path.Combine(_dir, "recall-curve-pred.svg")));
        XDocument.Load(Path.Combine(_dir, "recall-curve-pred.svg"));
    }

    [Fact]
    public async Task A_flags_column_gives_the_ungrounded_rate_and_lists_each_flag()
    {
        var truth = await WriteAsync("truth.csv", "record_id,label\na,1\nb,0\nc,0\n");
        var predictions = await WriteAsync("pred.csv", "record_id,prediction,flags\na,1,ungrounded-quote:I1;ungrounded-quote:I2\nb,0,\nc,0,schema-repaired\n");

        var result = await Run("eval", "--truth", truth, "--predictions", predictions, "--out", _dir);

        result.AssertExit(0);
        Assert.Contains("flags: 1 of 3 suggestions have ungrounded evidence", result.Out);
        var flags = await File.ReadAllLinesAsync(Path.Combine(_dir, "flags.csv"));
        Assert.Equal(["record_id,source,kind,detail", "a,pred,ungrounded,ungrounded-quote:I1", "a,pred,ungrounded,ungrounded-quote:I2"], flags);
    }

    [Theory]
    [InlineData("record_id,label\na,1\n", "record_id,guess\na,1\n", "has no column 'prediction' (its columns: record_id, guess); name the right one with --prediction-column")]
    [InlineData("record_id,label\na,1\n", "record_id,prediction\na,perhaps\n", "row 2: 'perhaps' in column 'prediction' is not a decision")]
    [InlineData("record_id,label\na,1\na,0\n", "record_id,prediction\na,1\n", "record 'a' appears twice")]
    public async Task Bad_files_fail_with_a_one_line_cause_naming_the_file(string truthText, string predictionText, string expected)
    {
        var truth = await WriteAsync("truth.csv", truthText);
        var predictions = await WriteAsync("pred.csv", predictionText);

        var result = await Run("eval", "--truth", truth, "--predictions", predictions);

        result.AssertExit(2);
        Assert.Contains(expected, result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Extraction_fields_are_scored_three_ways_and_invented_values_are_counted()
    {
        var gold = await WriteAsync("gold.csv", "record_id,field,value\nr1,n,120\nr1,design,RCT\nr2,n,80\nr2,design,cohort\n");
        var predicted = await WriteAsync("pred.csv", "record_id,field,value,evidence\nr1,n,120.0,120 adults were randomised\nr1,design,rct,\nr2,n,95,\n");
        var sources = await WriteAsync("sources.csv", "record_id,title,abstract\nr1,A trial,120 adults were randomised in an RCT\nr2,A cohort,We followed 80 people\n");

        var result = await Run("eval", "extraction", "--gold", gold, "--predictions", predicted, "--sources", sources, "--json");

        result.AssertExit(0);
        using var json = JsonDocument.Parse(result.Out);
        var fields = json.RootElement.GetProperty("evaluation").GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!);
        Assert.Equal(0, fields["n"].GetProperty("exact").GetProperty("value").GetDouble());
        Assert.Equal(0.5, fields["n"].GetProperty("numeric").GetProperty("value").GetDouble());
        Assert.Equal(0.5, fields["design"].GetProperty("normalised").GetProperty("value").GetDouble()); // r2 missing counts as wrong
        Assert.Equal(1, fields["design"].GetProperty("missing").GetInt32());
        var grounding = json.RootElement.GetProperty("evaluation").GetProperty("grounding");
        Assert.Equal(4, grounding.GetProperty("checked").GetInt32()); // 120.0, its evidence, rct, 95
        Assert.Equal(1, grounding.GetProperty("ungrounded").GetInt32()); // 95 is not in r2's text
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }
}
