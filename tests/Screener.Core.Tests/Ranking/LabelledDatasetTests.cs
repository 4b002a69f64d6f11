using Screener.Core.Ranking;

namespace Screener.Core.Tests.Ranking;

public sealed class LabelledDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("labelled-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string csv)
    {
        var path = Path.Combine(_dir, "records.csv");
        File.WriteAllText(path, csv);
        return path;
    }

    [Fact]
    public void Final_labels_are_used_where_the_file_has_them_and_rows_without_a_label_are_left_out()
    {
        var path = Write("record_id,title,abstract,label_ta,label_final\nr1,\"A, quoted\ntitle\",abs,1,1\nr2,B,,1,\nr3,C,x,0,0\n");

        var data = LabelledDataset.Read(path, null, null);

        Assert.Equal("label_final", data.LabelColumn);
        Assert.Equal(["r1", "r3"], data.Records.Select(r => r.Id));
        Assert.Equal(1, data.RowsWithoutLabel);
        Assert.Equal("A, quoted\ntitle", data.Records[0].Input.Title);
        Assert.Equal(Path.GetFileName(_dir), data.Name);
    }

    [Fact]
    public void Title_abstract_labels_are_the_fallback_and_an_llm_column_is_read_as_a_probability()
    {
        var path = Write("title,abstract,label_ta,label_final,p\nA,x,1,,0.9\nB,y,0,,\n");

        var data = LabelledDataset.Read(path, null, ["p"]);

        Assert.Equal("label_ta", data.LabelColumn);
        Assert.Equal(0.9, data.Records[0].Input.LlmProbability);
        Assert.Null(data.Records[1].Input.LlmProbability);
    }

    [Fact]
    public void Several_llm_columns_give_the_mean_of_those_with_a_value()
    {
        var path = Write("title,label_ta,run1,run2,run3\nA,1,1,0,1\nB,0,0,,1\nC,0,,,\n");

        var data = LabelledDataset.Read(path, null, ["run1", "run2", "run3"]);

        Assert.Equal(2.0 / 3, data.Records[0].Input.LlmProbability!.Value, 12);
        Assert.Equal(0.5, data.Records[1].Input.LlmProbability);
        Assert.Null(data.Records[2].Input.LlmProbability);
    }

    [Fact]
    public void A_missing_llm_column_is_named()
    {
        var path = Write("title,label_ta,run1\nA,1,1\n");

        var e = Assert.Throws<ScreenerException>(() => LabelledDataset.Read(path, null, ["run1", "run2"]));

        Assert.Contains("no column 'run2'", e.Message);
    }

    [Fact]
    public void A_label_that_is_neither_include_nor_exclude_names_the_row_and_column()
    {
        var path = Write("title,label_included\nA,perhaps\n");

        var e = Assert.Throws<ScreenerException>(() => LabelledDataset.Read(path, null, null));

        Assert.Contains("row 2: label_included is 'perhaps'", e.Message);
    }

    [Fact]
    public void A_stray_quote_names_the_row_and_says_how_to_quote_instead_of_the_parser_internals()
    {
        var path = Write("title,abstract,label_included\nA,\"multi\nline\",1\nD,\"x\"y,0\n");

        var e = Assert.Throws<ScreenerException>(() => LabelledDataset.Read(path, null, null));

        Assert.Contains("row 3 (line 4) is not valid CSV", e.Message);
        Assert.Contains("each quote inside it doubled", e.Message);
        Assert.DoesNotContain("BadDataFound", e.Message);
    }
}
