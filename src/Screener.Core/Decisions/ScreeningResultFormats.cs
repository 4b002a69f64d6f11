using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;
using CsvHelper;

namespace Screener.Core.Decisions;

/// <summary>Writes screening results as CSV, RIS (for reference managers) or a one-sheet XLSX workbook.</summary>
public static class ScreeningResultFormats
{
    private static readonly string[] Header =
        ["record_id", "external_id", "title", "authors", "year", "journal", "doi", "pmid", "state", "decision", "exclusion_reason", "settled_by", "human_decisions"];

    private static string?[] Cells(ScreeningResultRow r) =>
        [r.RecordId.ToString(CultureInfo.InvariantCulture), r.ExternalId, r.Title, string.Join("; ", r.Authors), r.Year?.ToString(CultureInfo.InvariantCulture),
         r.Journal, r.Doi, r.Pmid, r.State, r.Decision, r.ExclusionReason, r.SettledBy, r.HumanDecisions];

    public static async Task WriteCsvAsync(IEnumerable<ScreeningResultRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var h in Header) csv.WriteField(h);
        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var cell in Cells(row)) csv.WriteField(cell ?? "");
            await csv.NextRecordAsync();
        }
    }

    /// <summary>RIS keeps the decision in N1 and a "screening: ..." keyword, which reference managers can filter on.</summary>
    public static string ToRis(IEnumerable<ScreeningResultRow> rows)
    {
        var ris = new StringBuilder();
        void Tag(string tag, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) ris.Append(tag).Append("  - ").Append(value.ReplaceLineEndings(" ")).Append("\r\n");
        }
        foreach (var r in rows)
        {
            Tag("TY", "JOUR");
            Tag("TI", r.Title);
            foreach (var author in r.Authors) Tag("AU", author);
            Tag("PY", r.Year?.ToString(CultureInfo.InvariantCulture));
            Tag("JO", r.Journal);
            Tag("DO", r.Doi);
            Tag("AN", r.Pmid);
            Tag("ID", r.ExternalId ?? r.RecordId.ToString(CultureInfo.InvariantCulture));
            Tag("KW", "screening: " + (r.Decision ?? r.State));
            Tag("N1", $"Screener record {r.RecordId}: {r.State}" + (r.Decision is null ? "" : $", {r.Decision}") +
                (r.ExclusionReason is null ? "" : $" ({r.ExclusionReason})") + (r.HumanDecisions.Length == 0 ? "" : $"; {r.HumanDecisions}"));
            ris.Append("ER  - \r\n");
        }
        return ris.ToString();
    }

    /// <summary>A minimal Office Open XML workbook (one sheet, inline strings): enough for Excel and LibreOffice.</summary>
    public static void WriteXlsx(IEnumerable<ScreeningResultRow> rows, Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        void Entry(string path, string xml)
        {
            using var w = new StreamWriter(zip.CreateEntry(path, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
            w.Write(xml);
        }
        const string Ns = "http://schemas.openxmlformats.org/";
        Entry("[Content_Types].xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"{Ns}package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>");
        Entry("_rels/.rels", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{Ns}package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Ns}officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        Entry("xl/workbook.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Ns}spreadsheetml/2006/main\" xmlns:r=\"{Ns}officeDocument/2006/relationships\"><sheets><sheet name=\"screening\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        Entry("xl/_rels/workbook.xml.rels", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{Ns}package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{Ns}officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
        var sheet = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Ns}spreadsheetml/2006/main\"><sheetData>");
        AppendRow(sheet, Header);
        foreach (var row in rows) AppendRow(sheet, Cells(row));
        Entry("xl/worksheets/sheet1.xml", sheet.Append("</sheetData></worksheet>").ToString());
    }

    /// <summary>XML 1.0 forbids most control characters; imported titles sometimes carry them.</summary>
    private static string XmlSafe(string text) =>
        text.Any(c => c < ' ' && c is not '\t' and not '\n' and not '\r') ? new string(text.Where(c => c >= ' ' || c is '\t' or '\n' or '\r').ToArray()) : text;

    private static void AppendRow(StringBuilder sheet, IEnumerable<string?> cells)
    {
        sheet.Append("<row>");
        foreach (var cell in cells)
            sheet.Append("<c t=\"inlineStr\"><is><t xml:space=\"preserve\">").Append(SecurityElement.Escape(XmlSafe(cell ?? ""))).Append("</t></is></c>");
        sheet.Append("</row>");
    }
}
