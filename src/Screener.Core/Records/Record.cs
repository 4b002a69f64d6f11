namespace Screener.Core.Records;

/// <summary>One bibliographic record as imported. Duplicates are kept and linked, never deleted.</summary>
public sealed class Record
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public long ImportSourceId { get; set; }
    public ImportSource? ImportSource { get; set; }

    /// <summary>1-based position of the record in its file, and the line it starts on.</summary>
    public int SourcePosition { get; set; }
    public int SourceLine { get; set; }

    /// <summary>The record's own identifier in the export (RIS ID, BibTeX key, CSV record_id), if any.</summary>
    public string? ExternalId { get; set; }

    public string Title { get; set; } = "";
    public string? Abstract { get; set; }
    public List<string> Authors { get; set; } = [];
    public int? Year { get; set; }
    public string? Journal { get; set; }
    public string? Doi { get; set; }
    public string? Pmid { get; set; }
    public List<string> Keywords { get; set; } = [];

    /// <summary>Labels that came with the file (ASReview-style CSVs): used for simulation and evaluation, never as a human decision.</summary>
    public bool? ImportedLabelTitleAbstract { get; set; }
    public bool? ImportedLabelFinal { get; set; }

    /// <summary>Set when dedup merged this record into another; null for unique and kept records.</summary>
    public long? DuplicateOfId { get; set; }
}
