namespace Screener.Core.Records.Formats;

/// <summary>
/// RIS as EndNote, Zotero, Scopus and Web of Science write it: "TY  - JOUR" ... "ER  - ". Tolerates one or two
/// spaces before the dash, a missing space after it, wrapped lines (joined to the field above) and
/// text between records. A record without its ER, or without a title, is reported and skipped.
/// </summary>
public sealed class RisReader : IRecordReader
{
    public RecordFileFormat Format => RecordFileFormat.Ris;

    public IEnumerable<RecordReadResult> Read(LineSource lines, CancellationToken cancellationToken)
    {
        RisRecordBuilder? current = null;
        var position = 0;
        while (lines.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (tag, value) = SplitTag(line);
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

    /// <summary>
    /// "TI  - text" gives (TI, text); one to three spaces before the dash and a missing space after it are tolerated.
    /// Hand-written rather than a regex: it runs on every line of exports with hundreds of thousands of records.
    /// </summary>
    internal static (string? Tag, string Value) SplitTag(string line)
    {
        if (line.Length < 4 || !char.IsAsciiLetterUpper(line[0]) || !(char.IsAsciiLetterUpper(line[1]) || char.IsAsciiDigit(line[1])))
            return (null, line);
        var dash = 2;
        while (dash < line.Length && dash < 5 && line[dash] == ' ') dash++;
        if (dash == 2 || dash >= line.Length || line[dash] != '-') return (null, line);
        if (dash + 1 < line.Length && !char.IsWhiteSpace(line[dash + 1])) return (null, line);
        return (Tag(line[0], line[1]), dash + 1 >= line.Length ? "" : line[(dash + 1)..].Trim());
    }

    private static readonly Dictionary<int, string> Tags = new();

    /// <summary>Tags are a few dozen two-letter strings: cached so a million lines allocate none.</summary>
    private static string Tag(char a, char b)
    {
        var key = (a << 16) | b;
        lock (Tags)
        {
            if (!Tags.TryGetValue(key, out var tag)) Tags[key] = tag = new string([a, b]);
            return tag;
        }
    }
}
