using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Screener.Core.FullText;
using Screener.Core.Records;
using Screener.Core.Reviews;

namespace Screener.Core.Persistence;

internal sealed class FullTextFileConfiguration : IEntityTypeConfiguration<FullTextFile>
{
    public void Configure(EntityTypeBuilder<FullTextFile> b)
    {
        b.HasIndex(f => f.Sha256).IsUnique();
        b.Property(f => f.Sha256).HasMaxLength(64);
    }
}

internal sealed class FullTextDocumentConfiguration : IEntityTypeConfiguration<FullTextDocument>
{
    public void Configure(EntityTypeBuilder<FullTextDocument> b)
    {
        b.HasOne<Review>().WithMany().HasForeignKey(d => d.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(d => d.RecordId).OnDelete(DeleteBehavior.Cascade);
        // A stored file outlives the documents that point at it only while one does; never deleted from under one.
        b.HasOne<FullTextFile>().WithMany().HasForeignKey(d => d.FileId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => d.RecordId).IsUnique();
        b.HasIndex(d => d.ReviewId);
        b.Property(d => d.FileName).HasMaxLength(500);
        b.Property(d => d.MatchedBy).HasMaxLength(32);
    }
}

internal sealed class FullTextPageConfiguration : IEntityTypeConfiguration<FullTextPage>
{
    public void Configure(EntityTypeBuilder<FullTextPage> b)
    {
        b.HasOne<FullTextDocument>().WithMany().HasForeignKey(p => p.DocumentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.DocumentId, p.PageNumber }).IsUnique();
    }
}

internal sealed class FullTextChunkConfiguration : IEntityTypeConfiguration<FullTextChunk>
{
    public void Configure(EntityTypeBuilder<FullTextChunk> b)
    {
        b.HasOne<FullTextDocument>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(c => c.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Review>().WithMany().HasForeignKey(c => c.ReviewId).OnDelete(DeleteBehavior.Cascade);
        // No fixed dimension, as for record embeddings: the model and dimension are stored beside the vector.
        b.Property(c => c.Embedding).HasColumnType("vector");
        b.Property(c => c.Section).HasMaxLength(300);
        b.HasIndex(c => new { c.DocumentId, c.Ordinal }).IsUnique();
        b.HasIndex(c => new { c.RecordId, c.Model });
    }
}
