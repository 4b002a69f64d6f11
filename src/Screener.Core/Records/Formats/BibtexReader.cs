using System.Text;
using System.Text.RegularExpressions;

namespace Screener.Core.Records.Formats;

/// <summary>
/// BibTeX (.bib) as reference managers write it. An entry runs from "@type{" to its matching brace; an entry
/// whose braces do not balance before the next "@type{" line is reported and skipped. @string macros are
/// expanded; @comment and @preamble are ignored.
/// </summary>
public sealed partial class BibtexReader : IRecordReader
{
    /// <summary>No real entry is this long: a missing closing brace is reported here instead of swallowing the file.</summary>
    private const int MaxEntryLines = 5000;

    public RecordFileFormat Format => RecordFileFormat.Bibtex;

    public IEnumerable<RecordReadResult> Read(LineSource lines, CancellationToken cancellationToken)
    {
        var macros = new BibtexMacros();
        var entry = new StringBuilder();
        int depth = 0, startLine = 0, entryLines = 0, position = 0;
        while (lines.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var startsEntry = EntryStart().IsMatch(line);
            if (startsEntry && entry.Length > 0)
            {
                yield return Unbalanced(lines.FileName, startLine, position, $"its braces are not closed before the next entry at line {lines.LineNumber}");
                entry.Clear();
                depth = 0;
            }
            if (entry.Length == 0)
            {
                if (!startsEntry) continue;
                startLine = lines.LineNumber;
                entryLines = 0;
            }
            entry.Append(line).Append('\n');
            entryLines++;
            depth += BraceBalance(line);
            if (depth <= 0)
            {
                var result = BibtexEntryParser.Parse(entry.ToString(), macros, lines.FileName, startLine, position + 1);
                if (result is { } r) { position++; yield return r; }
                entry.Clear();
                depth = 0;
            }
            else if (entryLines > MaxEntryLines)
            {
                yield return Unbalanced(lines.FileName, startLine, ++position, $"no closing brace within {MaxEntryLines} lines");
                entry.Clear();
                depth = 0;
            }
        }
        if (entry.Length > 0) yield return Unbalanced(lines.FileName, startLine, ++position, "the file ends before the entry's closing brace");
    }

    private static RecordReadResult Unbalanced(string file, int line, int position, string why) =>
        RecordReadResult.Fail(file, line, position, $"unbalanced BibTeX entry: {why}");

    private static int BraceBalance(string line)
    {
        var balance = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\') { i++; continue; }
            if (line[i] == '{') balance++;
            else if (line[i] == '}') balance--;
        }
        return balance;
    }

    [GeneratedRegex(@"^\s*@\w+\s*\{")]
    private static partial Regex EntryStart();
}
