using System.Globalization;
using System.Text;

namespace Screener.Core.Exports;

/// <summary>
/// The one CSV writer: every CSV Screener writes (record and screening-result exports, the extraction table, the
/// eval and simulation reports) is built from these cells. RFC 4180: comma-separated, CRLF line ends, a field
/// quoted when it holds a comma, quote, line break or leading/trailing space, quotes doubled. Numbers (typed as
/// numbers) are written in the invariant culture at full precision; any other value is text and goes through
/// <see cref="FormulaGuard"/>, so a cell can never start a spreadsheet formula.
/// </summary>
public static class CsvTableWriter
{
    public const string LineEnd = "\r\n";

    public static string Cell(object? value) => value switch
    {
        null => "",
        double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture),
        float f when float.IsFinite(f) => f.ToString("R", CultureInfo.InvariantCulture),
        // Integers and decimals cannot hold anything but digits, a sign and a point: nothing for a spreadsheet to run.
        sbyte or byte or short or ushort or int or uint or long or ulong or decimal => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        _ => Text(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>One row without its line end.</summary>
    public static string Row(IEnumerable<object?> cells) => string.Join(',', cells.Select(Cell));

    public static Task WriteRowAsync(TextWriter output, IEnumerable<object?> cells, CancellationToken cancellationToken) =>
        output.WriteAsync((Row(cells) + LineEnd).AsMemory(), cancellationToken);

    /// <summary>A whole table in memory, for reports of a few thousand rows.</summary>
    public static string ToText(IReadOnlyList<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        var text = new StringBuilder(Row(header)).Append(LineEnd);
        foreach (var row in rows) text.Append(Row(row)).Append(LineEnd);
        return text.ToString();
    }

    private static string Text(string value)
    {
        var text = FormulaGuard.Neutralise(value);
        var quote = text.Length > 0 && (text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]));
        return quote ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
