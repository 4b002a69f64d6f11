using System.Text.RegularExpressions;

namespace Screener.Core.Records.Formats;

/// <summary>Collects one RIS record's tagged lines and maps the tags each exporter uses to record fields.</summary>
internal sealed partial class RisRecordBuilder(int position, int line)
{
    private static readonly string[] TitleTags = ["TI", "T1", "CT", "BT"];
    private static readonly string[] JournalTags = ["T2", "JO", "JF", "JA", "J2", "J1", "SE"];
    private static readonly string[] YearTags = ["PY", "Y1", "DA", "Y2"];
    private static readonly string[] PmidTags = ["AN", "N1", "M1", "M2", "C2"];

    private readonly List<(string Tag, string Value)> _fields = [];

    public int Position { get; } = position;
    public int Line { get; } = line;

    public void Add(string tag, string value) => _fields.Add((tag, value));

    /// <summary>A line without a tag continues the field above it (wrapped abstracts, multi-paragraph text).</summary>
    public void Continue(string text)
    {
        if (_fields.Count > 0) _fields[^1] = (_fields[^1].Tag, _fields[^1].Value + "\n" + text);
    }

    public RecordReadResult Build(string fileName)
    {
        var record = new ParsedRecord { Position = Position, Line = Line };
        record.Title = First(TitleTags) ?? "";
        record.Abstract = First("AB", "N2");
        record.Authors.AddRange(All("AU").Concat(All("A1")).Where(a => a.Length > 0).Distinct());
        record.Year = YearTags.Select(t => FieldText.Year(First(t))).FirstOrDefault(y => y is not null);
        record.Journal = First(JournalTags);
        record.Doi = FieldText.Doi(First("DO")) ?? All("UR").Select(FieldText.Doi).FirstOrDefault(d => d is not null);
        record.Pmid = PmidTags.SelectMany(All).Select(PmidIn).FirstOrDefault(p => p is not null);
        record.ExternalId = First("ID");
        record.Keywords.AddRange(All("KW").SelectMany(k => k.Split('\n')).Select(k => k.Trim()).Where(k => k.Length > 0));
        return record.IsEmpty ? RecordReadResult.Fail(fileName, Line, Position, ParsedRecord.EmptyReason) : RecordReadResult.Ok(record);
    }

    /// <summary>PubMed ids hide in AN ("PMID:123" from us, bare digits from PubMed via Zotero/EndNote) or notes ("PubMed ID: 123" from Scopus).</summary>
    private string? PmidIn(string value)
    {
        var labelled = LabelledPmid().Match(value);
        if (labelled.Success) return FieldText.Pmid(labelled.Groups[1].Value);
        var fromPubMed = All("DB").Concat(All("DP")).Any(d => d.Contains("pubmed", StringComparison.OrdinalIgnoreCase)
            || d.Contains("medline", StringComparison.OrdinalIgnoreCase));
        return fromPubMed && value.All(char.IsAsciiDigit) ? FieldText.Pmid(value) : null;
    }

    [GeneratedRegex(@"(?:PMID|PubMed\s*ID)\s*[:=]?\s*(\d{1,9})", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledPmid();

    private string? First(params string[] tags)
    {
        foreach (var tag in tags)
            foreach (var (t, v) in _fields)
                if (t == tag && v.Trim() is { Length: > 0 } text) return text;
        return null;
    }

    private IEnumerable<string> All(string tag) => _fields.Where(f => f.Tag == tag).Select(f => f.Value.Trim());
}
