namespace Screener.Core.Records;

public enum RecordFileFormat
{
    Ris,
    Medline,
    Bibtex,
    Csv,
    Tsv,
}

/// <summary>One imported search-export file: PRISMA's "records identified from each database" come from these.</summary>
public sealed class ImportSource
{
    public long Id { get; set; }
    public long ReviewId { get; set; }

    /// <summary>The database or register searched (PubMed, Embase, ...), as PRISMA reports it.</summary>
    public required string SourceName { get; set; }
    public required string FileName { get; set; }

    /// <summary>SHA-256 of the file bytes: importing the same file twice is detected by this.</summary>
    public required string FileSha256 { get; set; }
    public RecordFileFormat Format { get; set; }
    public int RecordCount { get; set; }
    public int ErrorCount { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}
