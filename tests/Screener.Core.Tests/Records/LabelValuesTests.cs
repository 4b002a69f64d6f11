using System.Text;
using Screener.Core.Evaluation;
using Screener.Core.Ranking;
using Screener.Core.Records.Formats;

namespace Screener.Core.Tests.Records;

/// <summary>
/// `import`, `eval` and `simulate` read the same ASReview-style label column by one rule (LabelValues). Each row is a
/// value where they used to differ (simulate took only 0/1, eval refused 1.0 and -1, import refused n/a).
/// </summary>
public sealed class LabelValuesTests
{
    public enum Expect { Include, Exclude, Missing, Unsure, Error }

    [Theory]
    [InlineData("1", Expect.Include)]
    [InlineData("0", Expect.Exclude)]
    [InlineData("1.0", Expect.Include)]
    [InlineData("0.0", Expect.Exclude)]
    [InlineData("yes", Expect.Include)]
    [InlineData("No", Expect.Exclude)]
    [InlineData("true", Expect.Include)]
    [InlineData("included", Expect.Include)]
    [InlineData("exclude", Expect.Exclude)]
    [InlineData("", Expect.Missing)]
    [InlineData("n/a", Expect.Missing)]
    [InlineData("-1", Expect.Missing)]
    [InlineData("unsure", Expect.Unsure)]
    [InlineData("perhaps", Expect.Error)]
    public void Import_eval_and_simulate_read_a_label_value_alike(string value, Expect expected)
    {
        var imported = FieldText.TryLabel(value, out var label)
            ? label switch { true => Expect.Include, false => Expect.Exclude, null => Expect.Missing }
            : Expect.Error;
        var evaluated = Eval(value);
        var simulated = Simulate(value);

        // import and simulate need a decided label: unsure is an error there, a third category in eval.
        var decided = expected == Expect.Unsure ? Expect.Error : expected;
        Assert.Equal((decided, expected, decided), (imported, evaluated, simulated));
    }

    [Fact]
    public async Task A_file_with_a_byte_order_mark_and_a_quoted_line_break_reads_the_same_in_eval_and_simulate()
    {
        var path = WriteCsv("title,abstract,label_included\n\"A\",\"line one\nline two\",yes\n\"B\",\"\",0\n\"C\",,\n", bom: true);

        var (header, rows) = await LabelCsv.ReadAsync(path, CancellationToken.None);
        var dataset = LabelledDataset.Read(path, null, null);

        Assert.Equal(["title", "abstract", "label_included"], header);
        Assert.Equal([PredictedLabel.Include, PredictedLabel.Exclude, null], rows.Select(r => LabelCsv.ParseLabel(r.Fields["label_included"], path, r.Row, "label_included")));
        Assert.Equal([true, false], dataset.Records.Select(r => r.Label));
        Assert.Equal(1, dataset.RowsWithoutLabel);
        Assert.Equal("line one\nline two", dataset.Records[0].Input.Abstract);
    }

    [Fact]
    public void A_missing_label_column_is_an_error_naming_it_and_the_columns_there_are()
    {
        var path = WriteCsv("title,abstract\nA,B\n", bom: false);

        var error = Assert.Throws<ScreenerException>(() => LabelledDataset.Read(path, "label_final", null));

        Assert.Contains("no column 'label_final' (columns: title, abstract)", error.Message);
    }

    private static Expect Eval(string value)
    {
        try
        {
            return LabelCsv.ParseLabel(value, "truth.csv", 2, "label") switch
            {
                PredictedLabel.Include => Expect.Include,
                PredictedLabel.Exclude => Expect.Exclude,
                PredictedLabel.Unsure => Expect.Unsure,
                _ => Expect.Missing,
            };
        }
        catch (ScreenerException) { return Expect.Error; }
    }

    private static Expect Simulate(string value)
    {
        var path = WriteCsv($"title,abstract,label_included\nA,B,{value}\nC,D,1\n", bom: false);
        try
        {
            var dataset = LabelledDataset.Read(path, "label_included", null);
            if (dataset.Records.Count == 1) return Expect.Missing;
            return dataset.Records[0].Label ? Expect.Include : Expect.Exclude;
        }
        catch (ScreenerException) { return Expect.Error; }
    }

    private static string WriteCsv(string text, bool bom)
    {
        var path = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }
}
