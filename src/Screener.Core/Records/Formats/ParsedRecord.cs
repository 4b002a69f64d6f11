namespace Screener.Core.Records.Formats;

/// <summary>One record as a reader found it, before it is stored; Line and Position say where it came from.</summary>
public sealed class ParsedRecord
{
    public int Position { get; set; }
    public int Line { get; set; }
    public string? ExternalId { get; set; }
    /// <summary>The title on one line: exports wrap long titles, and a wrapped title is the same title.</summary>
    public string Title { get; set => field = FieldText.OneLine(value); } = "";
    public string? Abstract { get; set; }
    public List<string> Authors { get; } = [];
    public int? Year { get; set; }
    public string? Journal { get; set; }
    public string? Doi { get; set; }
    public string? Pmid { get; set; }
    public List<string> Keywords { get; } = [];
    public bool? LabelTitleAbstract { get; set; }
    public bool? LabelFinal { get; set; }

    /// <summary>
    /// Whether nothing identifies the record. A record without a title but with a DOI (a journal supplement, say)
    /// is still a record PRISMA counts; one with nothing at all is a broken line in the export.
    /// </summary>
    public bool IsEmpty => Title.Length == 0 && Abstract is null && Doi is null && Pmid is null;

    public const string EmptyReason = "the record has no title, abstract, DOI or PMID";
}

/// <summary>A record that could not be read: the file still imports, this one is reported and skipped.</summary>
public sealed record RecordReadError(string File, int Line, int Position, string Reason)
{
    public override string ToString() => $"{File}:{Line}: record {Position}: {Reason}";
}

/// <summary>Either a parsed record or the reason one could not be parsed.</summary>
public readonly record struct RecordReadResult(ParsedRecord? Record, RecordReadError? Error)
{
    public static RecordReadResult Ok(ParsedRecord record) => new(record, null);
    public static RecordReadResult Fail(string file, int line, int position, string reason) =>
        new(null, new RecordReadError(file, line, position, reason));
}

/// <summary>A search-export format: streams records (or per-record errors) from a file's lines.</summary>
public interface IRecordReader
{
    RecordFileFormat Format { get; }

    IEnumerable<RecordReadResult> Read(LineSource lines, CancellationToken cancellationToken);
}
