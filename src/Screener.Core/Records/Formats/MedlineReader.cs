using System.Text.RegularExpressions;

namespace Screener.Core.Records.Formats;

/// <summary>
/// PubMed's MEDLINE format (.nbib, .txt): "PMID- 123", four-character tags, six-space continuation lines,
/// records separated by blank lines. Full author names (FAU) are preferred over the short ones (AU).
/// </summary>
public sealed partial class MedlineReader : IRecordReader
{
    public RecordFileFormat Format => RecordFileFormat.Medline;

    public IEnumerable<RecordReadResult> Read(LineSource lines, CancellationToken cancellationToken)
    {
        List<(string Tag, string Value)>? fields = null;
        int position = 0, startLine = 0;
        while (lines.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line))
            {
                if (fields is not null) yield return Build(fields, lines.FileName, startLine, position);
                fields = null;
                continue;
            }
            var match = TagLine().Match(line);
            if (match.Success)
            {
                if (fields is null) { fields = []; position++; startLine = lines.LineNumber; }
                fields.Add((match.Groups[1].Value, match.Groups[2].Value.Trim()));
            }
            else if (fields is { Count: > 0 } && line.StartsWith(' '))
                fields[^1] = (fields[^1].Tag, fields[^1].Value + " " + line.Trim());
            else
            {
                fields ??= [];
                if (fields.Count == 0) { position++; startLine = lines.LineNumber; }
                fields.Add(("?", line));
            }
        }
        if (fields is not null) yield return Build(fields, lines.FileName, startLine, position);
    }

    private static RecordReadResult Build(List<(string Tag, string Value)> fields, string file, int line, int position)
    {
        if (fields.FirstOrDefault(f => f.Tag == "?") is { Value: not null } stray)
            return RecordReadResult.Fail(file, line, position, $"a line that is neither a MEDLINE tag nor a continuation: '{Clip(stray.Value)}'");
        string? First(string tag) => fields.FirstOrDefault(f => f.Tag == tag && f.Value.Length > 0).Value;
        var record = new ParsedRecord { Position = position, Line = line };
        record.Title = First("TI") ?? First("BTI") ?? First("TT") ?? "";
        record.Pmid = FieldText.Pmid(First("PMID"));
        record.ExternalId = record.Pmid;
        record.Abstract = First("AB");
        var full = fields.Where(f => f.Tag == "FAU").Select(f => f.Value).ToList();
        record.Authors.AddRange(full.Count > 0 ? full : fields.Where(f => f.Tag == "AU").Select(f => ShortToSurnameFirst(f.Value)));
        record.Year = FieldText.Year(First("DP")) ?? FieldText.Year(First("DEP"));
        record.Journal = First("JT") ?? First("TA");
        record.Doi = fields.Where(f => f.Tag is "LID" or "AID" && f.Value.EndsWith("[doi]", StringComparison.Ordinal))
            .Select(f => FieldText.Doi(f.Value[..^5])).FirstOrDefault(d => d is not null);
        record.Keywords.AddRange(fields.Where(f => f.Tag is "OT" or "MH").Select(f => f.Value).Distinct());
        return record.IsEmpty ? RecordReadResult.Fail(file, line, position, ParsedRecord.EmptyReason) : RecordReadResult.Ok(record);
    }

    /// <summary>"Carr AS" is surname then initials: written "Carr, AS" so every format names the surname first.</summary>
    private static string ShortToSurnameFirst(string value)
    {
        var space = value.LastIndexOf(' ');
        return space > 0 && value[(space + 1)..].All(char.IsUpper) ? $"{value[..space]}, {value[(space + 1)..]}" : value;
    }

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "..." : s;

    [GeneratedRegex(@"^([A-Z][A-Z0-9]{0,3})\s*-\s?(.*)$")]
    private static partial Regex TagLine();
}
