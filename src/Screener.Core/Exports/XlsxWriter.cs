using System.IO.Compression;
using System.Security;
using System.Text;

namespace Screener.Core.Exports;

/// <summary>
/// Writes one worksheet as a minimal Office Open XML workbook (inline strings, no styles). Hand-written because
/// the only ClosedXML in our package source is years old; this is the part of the format a table needs.
/// </summary>
public static class XlsxWriter
{
    public static void Write(Stream output, string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Entry(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>
            """);
        Entry(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Entry(zip, "xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{Escape(sheetName[..Math.Min(31, sheetName.Length)])}" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        Entry(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
            """);
        var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
        using var writer = new StreamWriter(sheet.Open(), new UTF8Encoding(false));
        writer.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        WriteRow(writer, header);
        foreach (var row in rows) WriteRow(writer, row);
        writer.Write("</sheetData></worksheet>");
    }

    private static void WriteRow(TextWriter writer, IEnumerable<object?> cells)
    {
        writer.Write("<row>");
        foreach (var cell in cells)
        {
            switch (cell)
            {
                case null: writer.Write("<c/>"); break;
                case int or long or double or decimal:
                    writer.Write($"<c><v>{Convert.ToString(cell, System.Globalization.CultureInfo.InvariantCulture)}</v></c>"); break;
                case bool b: writer.Write($"<c t=\"b\"><v>{(b ? 1 : 0)}</v></c>"); break;
                default: writer.Write($"<c t=\"inlineStr\"><is><t xml:space=\"preserve\">{Escape(cell.ToString() ?? "")}</t></is></c>"); break;
            }
        }
        writer.Write("</row>");
    }

    // XML 1.0 forbids most control characters; abstracts pasted from PDFs carry them.
    private static string Escape(string text) =>
        SecurityElement.Escape(new string(text.Where(c => c is '\t' or '\n' or '\r' || c >= ' ').ToArray())) ?? "";

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(content.Trim());
    }
}
