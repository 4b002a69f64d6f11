using System.Text;

namespace Screener.Core.Records.Formats;

/// <summary>
/// CSV and TSV (RFC 4180: quoted fields may hold delimiters, doubled quotes and newlines) with ASReview-style
/// or Screener column names, matched case-insensitively (see <see cref="CsvColumns"/>).
/// </summary>
public sealed class CsvRecordReader(char delimiter) : IRecordReader
{
    /// <summary>A quoted field longer than this is an unclosed quote, reported instead of swallowing the file.</summary>
    private const int MaxLinesPerRow = 2000;

    public RecordFileFormat Format => delimiter == '\t' ? RecordFileFormat.Tsv : RecordFileFormat.Csv;

    public IEnumerable<RecordReadResult> Read(LineSource lines, CancellationToken cancellationToken)
    {
        var fields = new List<string>();
        if (ReadRow(lines, fields) is not null || fields.Count == 0)
            throw new ScreenerException($"{lines.FileName}:1: the header row cannot be read");
        var columns = CsvColumns.Map(fields, lines.FileName);
        var position = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            fields.Clear();
            var error = ReadRow(lines, fields, out var startLine);
            if (fields.Count == 0 && error is null) yield break;
            position++;
            if (error is not null) yield return RecordReadResult.Fail(lines.FileName, startLine, position, error);
            else if (fields.Count < columns.Width || fields.Skip(columns.Width).Any(f => f.Length > 0))
                yield return RecordReadResult.Fail(lines.FileName, startLine, position, $"expected {columns.Width} fields as in the header, found {fields.Count}");
            else yield return columns.ToRecord(fields, lines.FileName, startLine, position);
        }
    }

    private string? ReadRow(LineSource lines, List<string> fields) => ReadRow(lines, fields, out _);

    /// <summary>
    /// Reads one row (skipping blank lines) into fields; returns an error text, or null when the row is whole. A quote
    /// that is never closed, or whose field "closes" on a later line with text after the quote (the opening quote of the
    /// next row closed it), spoils only its own row: the lines after the row's first are handed back and read again as
    /// rows, so the good records after a broken one are not swallowed.
    /// </summary>
    private string? ReadRow(LineSource lines, List<string> fields, out int startLine)
    {
        startLine = 0;
        string? line;
        do line = lines.ReadLine(); while (line is not null && line.Length == 0);
        if (line is null) return null;
        startLine = lines.LineNumber;
        var read = new List<string> { line };
        var field = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (var rowLines = 1; ; rowLines++)
        {
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c != '"') field.Append(c);
                    else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                    else
                    {
                        quoted = false;
                        if (rowLines > 1 && i + 1 < line.Length && line[i + 1] != delimiter)
                            return HandBack(lines, read, fields, startLine, $"a quoted field opened on line {startLine} is not closed on its own line " +
                                $"(the quote on line {startLine + rowLines - 1} that would close it is followed by text): the row is skipped and the lines after it are read as rows");
                    }
                }
                else if (c == delimiter) { fields.Add(field.ToString()); field.Clear(); wasQuoted = false; }
                else if (c == '"' && field.Length == 0 && !wasQuoted) { quoted = wasQuoted = true; }
                else field.Append(c);
            }
            if (!quoted) break;
            line = rowLines < MaxLinesPerRow ? lines.ReadLine() : null;
            if (line is null)
                return HandBack(lines, read, fields, startLine,
                    $"a quoted field opened on line {startLine} is never closed: the row is skipped and the lines after it are read as rows");
            read.Add(line);
            field.Append('\n');
        }
        fields.Add(field.ToString());
        return null;
    }

    private static string HandBack(LineSource lines, List<string> read, List<string> fields, int startLine, string error)
    {
        lines.Unread(read.GetRange(1, read.Count - 1), startLine + 1);
        fields.Clear();
        fields.Add("");
        return error;
    }
}
