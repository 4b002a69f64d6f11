namespace Screener.Core.Evaluation;

/// <summary>Reads record texts (id plus title/abstract/text columns, whichever exist) for grounding checks.</summary>
public static class SourceTexts
{
    public static readonly IReadOnlyList<string> DefaultColumns = ["title", "abstract", "text"];

    public static async Task<Dictionary<string, string>> ReadAsync(string path, string idColumn, IReadOnlyList<string>? columns, CancellationToken cancellationToken)
    {
        var (header, rows) = await LabelCsv.ReadAsync(path, cancellationToken);
        LabelCsv.RequireColumn(path, header, idColumn, "--id-column");
        var wanted = columns ?? DefaultColumns;
        var present = wanted.Where(c => header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (present.Count == 0) throw new ScreenerException($"{path} has none of the source text columns {string.Join(", ", wanted)}; name them with --source-columns");
        return rows.Where(r => r.Fields[idColumn].Length > 0).GroupBy(r => r.Fields[idColumn])
            .ToDictionary(g => g.Key, g => string.Join("\n", present.Select(c => g.First().Fields[c])));
    }
}
