using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Screener.Core.Records.Formats;

namespace Screener.Core.Evaluation;

/// <summary>One data row of a CSV/TSV file: its row number (for messages) and its fields by column name.</summary>
public sealed record CsvRow(int Row, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reads the truth and prediction files of `screener eval`: any CSV or TSV with a header row, columns by name.
/// Label values are read by the one rule of LabelValues, anything else is an error
/// naming the file and row, since silently reading it as exclude would bias every figure.
/// </summary>
public static class LabelCsv
{
    public static async Task<(IReadOnlyList<string> Header, IReadOnlyList<CsvRow> Rows)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new ScreenerException($"cannot find {path}: give the path of a CSV or TSV file with a header row");
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? "\t" : ",",
            BadDataFound = null,
            MissingFieldFound = null,
        };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, configuration);
        if (!await csv.ReadAsync()) throw new ScreenerException($"{path} is empty: it needs a header row");
        csv.ReadHeader();
        var header = csv.HeaderRecord!.Select(h => h.Trim()).ToList();
        var rows = new List<CsvRow>();
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Count; i++) fields.TryAdd(header[i], (csv.TryGetField(i, out string? v) ? v : null)?.Trim() ?? "");
            rows.Add(new CsvRow(csv.Parser.Row, fields));
        }
        return (header, rows);
    }

    public static void RequireColumn(string path, IReadOnlyList<string> header, string column, string option)
    {
        if (!header.Contains(column, StringComparer.OrdinalIgnoreCase))
            throw new ScreenerException($"{path} has no column '{column}' (its columns: {string.Join(", ", header)}); name the right one with {option}");
    }

    /// <summary>Null for no label (missing); throws for a value that is not a decision (<see cref="LabelValues"/>).</summary>
    public static PredictedLabel? ParseLabel(string value, string path, int row, string column) =>
        LabelValues.Read(value) switch
        {
            LabelValue.Missing => null,
            LabelValue.Include => PredictedLabel.Include,
            LabelValue.Exclude => PredictedLabel.Exclude,
            LabelValue.Unsure => PredictedLabel.Unsure,
            _ => throw new ScreenerException(
                $"{path} row {row}: '{value}' in column '{column}' is not a decision; use {LabelValues.Accepted}"),
        };

    public static double? ParseNumber(string value, string path, int row, string column)
    {
        if (value.Length == 0) return null;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new ScreenerException($"{path} row {row}: '{value}' in column '{column}' is not a number");
    }
}
