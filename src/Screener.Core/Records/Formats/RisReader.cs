using System.Text.RegularExpressions;

namespace Screener.Core.Records.Formats;

/// <summary>
/// RIS as EndNote, Zotero, Scopus and Web of Science write it: "TY  - JOUR" ... "ER  - ". Tolerates one or two
/// spaces before the dash, a missing space after it, wrapped lines (joined to the field above) and
/// text between records. A record without its ER, or without a title, is reported and skipped.
/// </summary>
public sealed partial class RisReader : IRecordReader
{
    public RecordFileFormat Format => RecordFileFormat.Ris;

    public IEnumerable<RecordReadResult> Read(LineSource lines, CancellationToken cancellationToken)
    {
        RisRecordBuilder? current = null;
        var position = 0;
        while (lines.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var match = TagLine().Match(line);
            var tag = match.Success ? match.Groups[1].Value : null;
            var value = match.Success ? match.Groups[2].Value.Trim() : line;
            if (tag == "TY")
            {
                if (current is not null)
                    yield return RecordReadResult.Fail(lines.FileName, current.Line, current.Position,
                        $"no ER line before the next record's TY at line {lines.LineNumber}");
                current = new RisRecordBuilder(++position, lines.LineNumber);
                continue;
            }
            if (current is null)
            {
                if (tag is not null && tag != "ER" && value.Length > 0)
                    yield return RecordReadResult.Fail(lines.FileName, lines.LineNumber, ++position, $"field {tag} outside a record (no TY line before it)");
                continue;
            }
            if (tag == "ER")
            {
                yield return current.Build(lines.FileName);
                current = null;
            }
            else if (tag is not null) current.Add(tag, value);
            else current.Continue(line);
        }
        if (current is not null)
            yield return RecordReadResult.Fail(lines.FileName, current.Line, current.Position, "the record has no closing ER line (truncated file?)");
    }

    [GeneratedRegex(@"^\uFEFF?([A-Z][A-Z0-9])\s{1,3}-(?:\s(.*)|$)")]
    private static partial Regex TagLine();
}
