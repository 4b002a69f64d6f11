using Pgvector;

namespace Screener.Core.FullText;

/// <summary>What a full text was read from.</summary>
public enum FullTextSourceKind
{
    Pdf,
    Text,
    Jats,
}

/// <summary>
/// Text: pages were read. NeedsOcr: a PDF without a text layer (Screener has no OCR; run one and attach its text).
/// Failed: the file could not be read (encrypted, corrupt, over the size limit); the reason says which.
/// </summary>
public enum FullTextStatus
{
    Text,
    NeedsOcr,
    Failed,
}

/// <summary>A full-text file's bytes, stored once by SHA-256 however many times and records it is attached to.</summary>
public sealed class FullTextFile
{
    public long Id { get; set; }
    public required string Sha256 { get; set; }
    public long SizeBytes { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset StoredAt { get; set; }
}

/// <summary>A record's full text: one per record (attaching another file replaces it), with how it was matched.</summary>
public sealed class FullTextDocument
{
    public long Id { get; set; }
    public long ReviewId { get; set; }
    public long RecordId { get; set; }
    public long FileId { get; set; }

    /// <summary>The file's name as given at attach time (the same bytes may come under other names).</summary>
    public required string FileName { get; set; }
    public FullTextSourceKind SourceKind { get; set; }
    public FullTextStatus Status { get; set; }

    /// <summary>Why the file was not read (Failed) or has no text (NeedsOcr); null for Text.</summary>
    public string? StatusReason { get; set; }

    /// <summary>How the file was matched to the record: doi, pmid, record id, imported id, title, by hand.</summary>
    public required string MatchedBy { get; set; }
    public int PageCount { get; set; }
    public DateTimeOffset AttachedAt { get; set; }
}

/// <summary>One page's text, in reading order, with running headers, footers and page numbers removed where detected.</summary>
public sealed class FullTextPage
{
    public long Id { get; set; }
    public long DocumentId { get; set; }

    /// <summary>1-based, as the reader counts pages (PDF page index, form-feed page, or 1 for JATS and plain text).</summary>
    public int PageNumber { get; set; }
    public required string Text { get; set; }
}

/// <summary>
/// A window of one page's text within one section, with its embedding; Start and End are character offsets into
/// that page's <see cref="FullTextPage.Text"/>, so a chunk's quote can be shown on its page.
/// </summary>
public sealed class FullTextChunk
{
    public long Id { get; set; }
    public long DocumentId { get; set; }
    public long RecordId { get; set; }
    public long ReviewId { get; set; }

    /// <summary>Position of the chunk in the document, from 0.</summary>
    public int Ordinal { get; set; }
    public int PageNumber { get; set; }
    public string? Section { get; set; }
    public int Start { get; set; }
    public int End { get; set; }
    public required string Text { get; set; }
    public int Tokens { get; set; }

    /// <summary>Embedding model and dimension, as on <see cref="Embeddings.RecordEmbedding"/>.</summary>
    public required string Model { get; set; }
    public int Dimension { get; set; }
    public required Vector Embedding { get; set; }
}
