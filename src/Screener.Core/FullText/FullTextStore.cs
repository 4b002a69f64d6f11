using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Pgvector;
using Screener.Core.Persistence;

namespace Screener.Core.FullText;

/// <summary>Unchanged: the record already had these bytes read the same way. KeptBetterText: an unreadable file did not replace a readable one.</summary>
internal sealed record SavedFullText(bool Unchanged, bool KeptBetterText, int Pages, int Chunks);

/// <summary>
/// Saves one record's full text in one transaction: the file (inserted once per SHA-256), the document replacing any
/// earlier one (its pages and chunks go with it by cascade), the pages and the embedded chunks.
/// </summary>
internal sealed class FullTextStore(ScreenerDbContext db, TimeProvider time, long reviewId, FullTextOptions options,
    IEmbeddingGenerator<string, Embedding<float>>? provider)
{
    /// <summary>The embedding model of the chunks saved so far (null before the first).</summary>
    public string? Model { get; private set; }

    public async Task<SavedFullText> SaveAsync(long recordId, string fileName, byte[] content, string sha, ParsedFullText parsed, string matchedBy,
        CancellationToken ct)
    {
        var existing = await db.FullTextDocuments.AsNoTracking().Where(d => d.RecordId == recordId)
            .Select(d => new { d.Id, d.FileId, d.Status, d.PageCount, Sha = db.FullTextFiles.Where(f => f.Id == d.FileId).Select(f => f.Sha256).Single() })
            .SingleOrDefaultAsync(ct);
        if (existing is not null && existing.Sha == sha && existing.Status == parsed.Status)
            return new SavedFullText(true, false, existing.PageCount, await db.FullTextChunks.CountAsync(c => c.DocumentId == existing.Id, ct));
        if (existing is { Status: FullTextStatus.Text } && parsed.Status != FullTextStatus.Text) return new SavedFullText(false, true, 0, 0);

        var chunks = parsed.Status == FullTextStatus.Text ? Chunker.Chunk(parsed.Pages, options.ChunkTokens, options.ChunkOverlapTokens) : [];
        var vectors = await EmbedAsync(chunks, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var fileId = await db.FullTextFiles.Where(f => f.Sha256 == sha).Select(f => (long?)f.Id).SingleOrDefaultAsync(ct);
        if (fileId is null)
        {
            var file = new FullTextFile { Sha256 = sha, SizeBytes = content.LongLength, Content = content, StoredAt = time.GetUtcNow() };
            db.FullTextFiles.Add(file);
            await db.SaveChangesAsync(ct);
            fileId = file.Id;
        }
        if (existing is not null)
        {
            await db.FullTextDocuments.Where(d => d.Id == existing.Id).ExecuteDeleteAsync(ct);
            // The replaced file's bytes go too when no other record's text points at them.
            if (existing.FileId != fileId)
                await db.FullTextFiles.Where(f => f.Id == existing.FileId && !db.FullTextDocuments.Any(d => d.FileId == f.Id)).ExecuteDeleteAsync(ct);
        }
        var document = new FullTextDocument
        {
            ReviewId = reviewId, RecordId = recordId, FileId = fileId.Value, FileName = Shorten(fileName), SourceKind = parsed.Kind,
            Status = parsed.Status, StatusReason = parsed.Reason, MatchedBy = matchedBy, PageCount = parsed.Pages.Count, AttachedAt = time.GetUtcNow(),
        };
        db.FullTextDocuments.Add(document);
        await db.SaveChangesAsync(ct);
        db.FullTextPages.AddRange(parsed.Pages.Select(p => new FullTextPage { DocumentId = document.Id, PageNumber = p.Number, Text = p.Text }));
        for (var i = 0; i < chunks.Count; i++)
        {
            var c = chunks[i];
            db.FullTextChunks.Add(new FullTextChunk
            {
                DocumentId = document.Id, RecordId = recordId, ReviewId = reviewId, Ordinal = c.Ordinal, PageNumber = c.PageNumber,
                Section = c.Section is null ? null : Shorten(c.Section, 300), Start = c.Start, End = c.End, Text = c.Text, Tokens = c.Tokens,
                Model = Model!, Dimension = vectors[i].Length, Embedding = new Vector(vectors[i]),
            });
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new SavedFullText(false, false, parsed.Pages.Count, chunks.Count);
    }

    private async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<ChunkSpan> chunks, CancellationToken ct)
    {
        if (chunks.Count == 0) return [];
        var texts = chunks.Select(c => c.Text).ToList();
        var generator = ChunkEmbedder.For(texts, provider);
        try
        {
            Model = ChunkEmbedder.ModelOf(generator);
            var embeddings = await generator.GenerateAsync(texts, cancellationToken: ct);
            if (embeddings.Count != texts.Count)
                throw new InvalidOperationException($"the embedding generator returned {embeddings.Count} vectors for {texts.Count} chunks");
            return embeddings.Select(e => e.Vector.ToArray()).ToList();
        }
        finally
        {
            if (provider is null) generator.Dispose();
        }
    }

    private static string Shorten(string text, int max = 500) => text.Length <= max ? text : text[..max];
}
