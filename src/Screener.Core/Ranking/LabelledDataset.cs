using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Screener.Core.Records.Formats;

namespace Screener.Core.Ranking;

/// <summary>One fully labelled record of a simulation dataset.</summary>
public sealed record LabelledRecord(string Id, RankingInput Input, bool Label);

/// <summary>A labelled CSV as read: which label column was used and how many rows had no label there (left out).</summary>
public sealed record LabelledDataset(string Name, string LabelColumn, IReadOnlyList<LabelledRecord> Records, int RowsWithoutLabel)
{
    /// <summary>Final (full-text) labels where the file has them, else title/abstract ones, else ASReview's column.</summary>
    public static readonly string[] DefaultLabelColumns = ["label_final", "label_ta", "label_included", "included"];

    /// <summary>
    /// Reads an RFC-4180 CSV with title, abstract and a 0/1 label column (the eval-data shape or ASReview's).
    /// <paramref name="llmColumns"/>, when given, name columns with an LLM's inclusion probability in [0, 1] (one per
    /// run, slot or repeat); a record's LLM probability is their mean over the columns with a value, as
    /// <see cref="Screening.InclusionProbability"/> averages a record's votes over slots and repeats in a review.
    /// </summary>
    public static LabelledDataset Read(string path, string? labelColumn, IReadOnlyList<string>? llmColumns)
    {
        List<Dictionary<string, string>> rows;
        string[] header;
        try
        {
            using var reader = new StreamReader(path);
            using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true });
            csv.Read();
            csv.ReadHeader();
            header = csv.HeaderRecord ?? [];
            rows = [];
            while (csv.Read())
                rows.Add(header.Select((h, k) => (h, v: csv.GetField(k) ?? "")).ToDictionary(p => p.h, p => p.v, StringComparer.OrdinalIgnoreCase));
        }
        catch (BadDataException e)
        {
            throw new ScreenerException($"{path}: row {e.Context?.Parser?.Row} (line {e.Context?.Parser?.RawRow}) is not valid CSV: a quote is " +
                "unclosed or stands inside an unquoted field; a field holding commas, quotes or line breaks goes in double quotes, " +
                "with each quote inside it doubled", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvHelperException)
        {
            throw new ScreenerException($"cannot read {path}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
        Require(header, path, "title");
        var column = labelColumn ?? DefaultLabelColumns.FirstOrDefault(c => rows.Any(r => r.GetValueOrDefault(c, "") != ""))
            ?? throw new ScreenerException($"{path}: no label column with values ({string.Join(", ", DefaultLabelColumns)}); name one with --label-column");
        Require(header, path, column);
        foreach (var llmColumn in llmColumns ?? []) Require(header, path, llmColumn);

        var records = new List<LabelledRecord>(rows.Count);
        var missing = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var label = LabelValues.Read(row[column]);
            if (label == LabelValue.Missing) { missing++; continue; }
            if (label is not (LabelValue.Include or LabelValue.Exclude))
                throw new ScreenerException($"{path}: row {i + 2}: {column} is '{row[column].Trim()}'; a simulation needs include or exclude: " +
                    LabelValues.Accepted.Replace(" or unsure", "", StringComparison.Ordinal));
            var id = row.GetValueOrDefault("record_id", "") is { Length: > 0 } rid ? rid : (i + 1).ToString(CultureInfo.InvariantCulture);
            var input = new RankingInput(row["title"], row.GetValueOrDefault("abstract"), MeanProbability(row, llmColumns, path, i + 2));
            records.Add(new LabelledRecord(id, input, label == LabelValue.Include));
        }
        return new LabelledDataset(DatasetName(path), column, records, missing);
    }

    /// <summary>eval-data keeps one records.csv per dataset folder, so the folder names the dataset there.</summary>
    private static string DatasetName(string path)
    {
        var file = Path.GetFileNameWithoutExtension(path);
        return file == "records" ? new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path))!).Name : file;
    }

    /// <summary>The mean over the columns with a value; null when none has one (no suggestion is not 0.5).</summary>
    private static double? MeanProbability(Dictionary<string, string> row, IReadOnlyList<string>? columns, string path, int rowNumber)
    {
        var values = (columns ?? []).Select(c => Probability(row[c], path, rowNumber, c)).OfType<double>().ToArray();
        return values.Length == 0 ? null : values.Average();
    }

    private static double? Probability(string text, string path, int row, string column)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 1) return p;
        throw new ScreenerException($"{path}: row {row}: {column} is '{text}'; expected a probability between 0 and 1");
    }

    private static void Require(string[] header, string path, string column)
    {
        if (!header.Contains(column, StringComparer.OrdinalIgnoreCase))
            throw new ScreenerException($"{path}: no column '{column}' (columns: {string.Join(", ", header)})");
    }
}
