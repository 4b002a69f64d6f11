using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Screener.IntegrationTests.Infrastructure;

/// <summary>One cell as a spreadsheet would see it: its text or number, and whether Excel's quote-prefix style keeps it text.</summary>
public sealed record XlsxCell(string? Value, bool IsText, bool QuotePrefixed);

/// <summary>Opens an exported workbook with the Open XML SDK and reads its first sheet back.</summary>
public static class XlsxReadBack
{
    public static (IReadOnlyList<IReadOnlyList<XlsxCell>> Rows, int Formulas) Read(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), false);
        var part = document.WorkbookPart!;
        var formats = part.WorkbookStylesPart?.Stylesheet.CellFormats?.Elements<CellFormat>().ToList() ?? [];
        var sheet = part.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().Select(r => (IReadOnlyList<XlsxCell>)r.Elements<Cell>().Select(c => new XlsxCell(
            c.DataType?.Value == CellValues.InlineString ? c.InlineString!.Text!.Text : c.CellValue?.Text,
            c.DataType?.Value == CellValues.InlineString,
            c.StyleIndex is { } i && formats[(int)i.Value].QuotePrefix?.Value == true)).ToList()).ToList();
        return (rows, sheet.Descendants<CellFormula>().Count());
    }
}
