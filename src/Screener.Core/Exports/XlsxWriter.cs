using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Screener.Core.Exports;

/// <summary>
/// The one XLSX writer: one worksheet, a header row, then the rows, through Microsoft's Open XML SDK
/// (DocumentFormat.OpenXml). Chosen over MiniExcel because it names every cell's type explicitly, and that is the
/// guarantee formula injection needs: text is always an inline string cell and no cell is ever written as a
/// formula, whatever the text says. A text cell that starts like a formula also gets Excel's own "quote prefix"
/// cell style, the equivalent of typing a leading apostrophe: it stays text even when a user edits the cell or
/// saves the sheet as CSV, while its value is the text exactly as stored. Rows are streamed (OpenXmlWriter).
/// </summary>
public static class XlsxWriter
{
    /// <summary>Style 1 of the workbook: the quote-prefix style for text that could start a formula.</summary>
    private const uint QuotePrefixStyle = 1;

    public static void Write(Stream output, string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
        var worksheet = workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(worksheet))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            WriteRow(writer, header);
            foreach (var row in rows) WriteRow(writer, row);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = SheetName(sheetName) }));
        workbook.Workbook.Save();
    }

    private static void WriteRow(OpenXmlWriter writer, IEnumerable<object?> cells)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in cells) writer.WriteElement(Cell(value));
        writer.WriteEndElement();
    }

    internal static Cell Cell(object? value) => value switch
    {
        null => new Cell(),
        // SpreadsheetML writes a boolean cell as 0 or 1; CellValue(bool) would write "true".
        bool b => new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
        double d when double.IsFinite(d) => Number(d.ToString("R", CultureInfo.InvariantCulture)),
        float f when float.IsFinite(f) => Number(f.ToString("R", CultureInfo.InvariantCulture)),
        sbyte or byte or short or ushort or int or uint or long or ulong or decimal => Number(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)),
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static Cell Number(string invariant) => new() { DataType = CellValues.Number, CellValue = new CellValue(invariant) };

    private static Cell Text(string value)
    {
        var text = XmlSafe(value);
        var cell = new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }) };
        if (FormulaGuard.StartsLikeFormula(value)) cell.StyleIndex = QuotePrefixStyle;
        return cell;
    }

    /// <summary>XML 1.0 forbids most control characters and lone surrogates; abstracts pasted from PDFs carry them.</summary>
    private static string XmlSafe(string text)
    {
        if (!text.Any(c => (c < ' ' && c is not '\t' and not '\n' and not '\r') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')) return text;
        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) safe.Append(c).Append(text[++i]);
            else if (!char.IsSurrogate(c) && c is not '\uFFFE' and not '\uFFFF' && (c >= ' ' || c is '\t' or '\n' or '\r')) safe.Append(c);
        }
        return safe.ToString();
    }

    /// <summary>Excel refuses a sheet name over 31 characters or holding : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']') && !char.IsControl(c)).ToArray()).Trim('\'', ' ');
        return clean.Length == 0 ? "Sheet1" : clean[..Math.Min(31, clean.Length)];
    }

    /// <summary>The fonts, fills, borders and cell formats Excel requires, and the one extra format with quotePrefix.</summary>
    private static Stylesheet Styles() => new(
        new Fonts(new Font()) { Count = 1 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { QuotePrefix = true, ApplyAlignment = false }) { Count = 2 });
}
