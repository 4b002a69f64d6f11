using System.Globalization;

namespace Screener.Core.Records.Formats;

/// <summary>
/// Says when a file yielded far fewer records than it looks like it holds, so a file read in the wrong format, or a
/// CSV whose quotes swallow lines, cannot lose records without a word. Rows read (records and reported errors) are
/// compared with the RIS start lines ("TY  - ") and, for CSV/TSV, the non-blank lines.
/// </summary>
public static class ImportYield
{
    /// <summary>Fewer rows than this share of the lines (CSV/TSV) is "far fewer": multi-line abstracts stay well above it.</summary>
    private const double MinRowsPerLine = 0.5;

    /// <summary>Small files are not judged by their line count: a few long quoted abstracts may fill them.</summary>
    private const int MinLinesJudged = 20;

    public static string? Shortfall(RecordFileFormat format, int records, int errors, int nonBlankLines, int risStartLines)
    {
        var rows = records + errors;
        if (risStartLines > rows)
            return format == RecordFileFormat.Ris
                ? $"{Count(risStartLines)} lines start a RIS record (TY  - ) but only {Count(rows)} records were read; check the lines between them"
                : $"{Count(risStartLines)} lines start like a RIS record (TY  - ) but the file was read as {format} and gave {Count(rows)} records; if it is RIS, name it .ris";
        if (format is RecordFileFormat.Csv or RecordFileFormat.Tsv && nonBlankLines >= MinLinesJudged && rows + 1 < nonBlankLines * MinRowsPerLine)
            return $"only {Count(rows)} rows were read from {Count(nonBlankLines)} lines: quoted fields span many lines; check that every quote in the file is closed";
        return null;
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
