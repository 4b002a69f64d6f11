using System.Text.RegularExpressions;

namespace Screener.Core.Records.Formats;

/// <summary>
/// Chooses a reader for a file: by its extension when it names a format (.ris, .nbib, .bib, .csv, .tsv), by its
/// content only for other extensions (a .txt may be MEDLINE or RIS). Content never overrides a named format: a CSV
/// whose quoted abstract holds "TY  - JOUR" lines is still a CSV.
/// </summary>
public static partial class RecordFormats
{
    private const int SniffLines = 40;

    public static IRecordReader ReaderFor(RecordFileFormat format) => format switch
    {
        RecordFileFormat.Ris => new RisReader(),
        RecordFileFormat.Medline => new MedlineReader(),
        RecordFileFormat.Bibtex => new BibtexReader(),
        RecordFileFormat.Tsv => new CsvRecordReader('\t'),
        RecordFileFormat.Csv => new CsvRecordReader(','),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Reads the first lines of the file to decide its format.</summary>
    public static RecordFileFormat Detect(string path)
    {
        BinaryFileCheck.ThrowIfNotText(path);
        using var lines = new LineSource(File.OpenRead(path), Path.GetFileName(path));
        var head = new List<string>();
        while (head.Count < SniffLines && lines.ReadLine() is { } line) head.Add(line);
        return Detect(Path.GetExtension(path), head)
            ?? throw new ScreenerException($"{Path.GetFileName(path)}: cannot tell the format (expected RIS, MEDLINE, BibTeX, CSV or TSV)");
    }

    public static RecordFileFormat? Detect(string extension, IReadOnlyList<string> head) => FromExtension(extension) ?? Sniff(head);

    private static RecordFileFormat? Sniff(IReadOnlyList<string> head)
    {
        if (head.Any(l => RisStart().IsMatch(l))) return RecordFileFormat.Ris;
        if (head.Any(l => MedlineStart().IsMatch(l))) return RecordFileFormat.Medline;
        var first = head.FirstOrDefault(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('%'));
        if (first is null) return null;
        if (BibtexStart().IsMatch(first)) return RecordFileFormat.Bibtex;
        var tabs = first.Count(c => c == '\t');
        var commas = first.Count(c => c == ',');
        if (tabs > 0 && tabs >= commas) return RecordFileFormat.Tsv;
        return commas > 0 ? RecordFileFormat.Csv : null;
    }

    private static RecordFileFormat? FromExtension(string extension) => extension.ToLowerInvariant() switch
    {
        ".ris" => RecordFileFormat.Ris,
        ".nbib" or ".medline" => RecordFileFormat.Medline,
        ".bib" or ".bibtex" => RecordFileFormat.Bibtex,
        ".tsv" or ".tab" => RecordFileFormat.Tsv,
        ".csv" => RecordFileFormat.Csv,
        _ => null,
    };

    [GeneratedRegex(@"^TY\s{1,3}-")]
    private static partial Regex RisStart();

    [GeneratedRegex(@"^PMID\s*-\s*\d")]
    private static partial Regex MedlineStart();

    [GeneratedRegex(@"^\s*@\w+\s*\{")]
    private static partial Regex BibtexStart();
}
