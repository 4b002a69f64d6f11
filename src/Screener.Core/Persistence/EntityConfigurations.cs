using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Screener.Core.Decisions;
using Screener.Core.Dedup;
using Screener.Core.Embeddings;
using Screener.Core.Jobs;
using Screener.Core.Records;
using Screener.Core.Reviews;

namespace Screener.Core.Persistence;

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.HasIndex(r => r.Name).IsUnique();
        b.Property(r => r.Name).HasMaxLength(200);
        b.HasOne(r => r.CurrentProtocolVersion).WithMany().HasForeignKey(r => r.CurrentProtocolVersionId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProtocolVersionConfiguration : IEntityTypeConfiguration<ProtocolVersion>
{
    public void Configure(EntityTypeBuilder<ProtocolVersion> b)
    {
        b.HasOne(p => p.Review).WithMany().HasForeignKey(p => p.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.ReviewId, p.Hash }).IsUnique();
        b.Property(p => p.Hash).HasMaxLength(64);
    }
}

internal sealed class ReviewerConfiguration : IEntityTypeConfiguration<Reviewer>
{
    public void Configure(EntityTypeBuilder<Reviewer> b)
    {
        b.HasIndex(r => r.UserName).IsUnique();
        b.HasIndex(r => r.ApiKeyHash).IsUnique();
        b.Property(r => r.UserName).HasMaxLength(100);
        b.Property(r => r.SecurityStamp).HasMaxLength(32);
    }
}

internal sealed class ReviewMembershipConfiguration : IEntityTypeConfiguration<ReviewMembership>
{
    public void Configure(EntityTypeBuilder<ReviewMembership> b)
    {
        b.HasKey(m => new { m.ReviewId, m.ReviewerId });
        b.HasOne<Review>().WithMany().HasForeignKey(m => m.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reviewer>().WithMany().HasForeignKey(m => m.ReviewerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportSourceConfiguration : IEntityTypeConfiguration<ImportSource>
{
    public void Configure(EntityTypeBuilder<ImportSource> b)
    {
        b.HasOne<Review>().WithMany().HasForeignKey(s => s.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.ReviewId, s.FileSha256 }).IsUnique();
        b.Property(s => s.FileSha256).HasMaxLength(64);
    }
}

internal sealed class RecordConfiguration : IEntityTypeConfiguration<Record>
{
    public void Configure(EntityTypeBuilder<Record> b)
    {
        b.HasOne<Review>().WithMany().HasForeignKey(r => r.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(r => r.ImportSource).WithMany().HasForeignKey(r => r.ImportSourceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(r => r.DuplicateOfId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.ImportSourceId, r.SourcePosition }).IsUnique();
        b.HasIndex(r => new { r.ReviewId, r.Doi });
        b.HasIndex(r => new { r.ReviewId, r.Pmid });
        b.HasIndex(r => r.DuplicateOfId);
        // The pages count and list a review's unique records on every load (issue 17 item 16): index-only scans of
        // this index instead of reading the whole table (130 MB for 100,000 records with their abstracts) each time.
        b.HasIndex(r => new { r.ReviewId, r.DuplicateOfId, r.Id }).IncludeProperties(r => r.ImportSourceId);
    }
}

internal sealed class DuplicateLinkConfiguration : IEntityTypeConfiguration<DuplicateLink>
{
    public void Configure(EntityTypeBuilder<DuplicateLink> b)
    {
        b.HasOne<Review>().WithMany().HasForeignKey(l => l.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(l => l.KeptRecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(l => l.DuplicateRecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(l => l.MergedFieldsJson).HasColumnType("jsonb");
        b.HasIndex(l => new { l.ReviewId, l.UndoneAt });
    }
}

internal sealed class DuplicatePairDecisionConfiguration : IEntityTypeConfiguration<DuplicatePairDecision>
{
    public void Configure(EntityTypeBuilder<DuplicatePairDecision> b)
    {
        b.HasOne<Review>().WithMany().HasForeignKey(d => d.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(d => d.RecordIdA).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(d => d.RecordIdB).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("CK_DuplicatePairDecisions_Order", "\"RecordIdA\" < \"RecordIdB\""));
        b.HasIndex(d => new { d.ReviewId, d.WithdrawnAt });
    }
}

internal sealed class RecordEmbeddingConfiguration : IEntityTypeConfiguration<RecordEmbedding>
{
    public void Configure(EntityTypeBuilder<RecordEmbedding> b)
    {
        b.HasOne<Record>().WithMany().HasForeignKey(e => e.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Review>().WithMany().HasForeignKey(e => e.ReviewId).OnDelete(DeleteBehavior.Cascade);
        // No fixed dimension: different models give different sizes; the dimension is stored beside it.
        b.Property(e => e.Embedding).HasColumnType("vector");
        b.HasIndex(e => new { e.RecordId, e.Model }).IsUnique();
        b.HasIndex(e => new { e.ReviewId, e.Model });
    }
}

internal sealed class ScreeningRunConfiguration : IEntityTypeConfiguration<ScreeningRun>
{
    public void Configure(EntityTypeBuilder<ScreeningRun> b)
    {
        b.HasOne<Review>().WithMany().HasForeignKey(r => r.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ProtocolVersion>().WithMany().HasForeignKey(r => r.ProtocolVersionId).OnDelete(DeleteBehavior.Restrict);
        b.Property(r => r.SettingsJson).HasColumnType("jsonb");
    }
}

internal sealed class WorkItemConfiguration : IEntityTypeConfiguration<WorkItem>
{
    public void Configure(EntityTypeBuilder<WorkItem> b)
    {
        b.HasOne<ScreeningRun>().WithMany().HasForeignKey(w => w.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(w => w.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(w => w.IdempotencyKey).IsUnique();
        b.HasIndex(w => new { w.RunId, w.Status });
    }
}

internal sealed class LlmSuggestionConfiguration : IEntityTypeConfiguration<LlmSuggestion>
{
    public void Configure(EntityTypeBuilder<LlmSuggestion> b)
    {
        b.HasOne<ScreeningRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(s => s.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.IdempotencyKey).IsUnique();
        b.HasIndex(s => new { s.RunId, s.RecordId });
        b.Property(s => s.Verdicts).HasColumnName("VerdictsJson").HasColumnType("jsonb")
            .HasConversion(v => CriterionVerdict.Serialize(v), json => CriterionVerdict.Deserialize(json).ToList(),
                new ValueComparer<List<CriterionVerdict>>((x, y) => x!.SequenceEqual(y!), v => v.Aggregate(0, (h, e) => HashCode.Combine(h, e)), v => v.ToList()));
        b.ComplexProperty(s => s.Audit, LlmCallAuditColumns.Map);
    }
}

internal sealed class HumanDecisionConfiguration : IEntityTypeConfiguration<HumanDecision>
{
    public void Configure(EntityTypeBuilder<HumanDecision> b)
    {
        b.HasOne<Review>().WithMany().HasForeignKey(d => d.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(d => d.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reviewer>().WithMany().HasForeignKey(d => d.ReviewerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LlmSuggestion>().WithMany().HasForeignKey(d => d.LlmSuggestionId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(d => new { d.RecordId, d.ReviewerId, d.Stage }).IsUnique();
        b.HasIndex(d => new { d.ReviewId, d.Stage });
    }
}

internal sealed class HumanDecisionVersionConfiguration : IEntityTypeConfiguration<HumanDecisionVersion>
{
    public void Configure(EntityTypeBuilder<HumanDecisionVersion> b)
    {
        b.HasOne<HumanDecision>().WithMany().HasForeignKey(v => v.HumanDecisionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reviewer>().WithMany().HasForeignKey(v => v.ReviewerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(v => new { v.HumanDecisionId, v.Version }).IsUnique();
        b.HasIndex(v => new { v.ReviewId, v.Stage });
    }
}

internal sealed class AdjudicationConfiguration : IEntityTypeConfiguration<Adjudication>
{
    public void Configure(EntityTypeBuilder<Adjudication> b)
    {
        b.HasOne<Review>().WithMany().HasForeignKey(a => a.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(a => a.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Reviewer>().WithMany().HasForeignKey(a => a.AdjudicatorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.RecordId, a.Stage }).IsUnique();
    }
}

internal sealed class ExtractionDraftConfiguration : IEntityTypeConfiguration<ExtractionDraft>
{
    public void Configure(EntityTypeBuilder<ExtractionDraft> b)
    {
        b.HasOne<ScreeningRun>().WithMany().HasForeignKey(d => d.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Record>().WithMany().HasForeignKey(d => d.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Fields).WithOne().HasForeignKey(f => f.DraftId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => d.IdempotencyKey).IsUnique();
        b.ComplexProperty(d => d.Audit, LlmCallAuditColumns.Map);
    }
}

internal sealed class ExtractionDraftFieldConfiguration : IEntityTypeConfiguration<ExtractionDraftField>
{
    public void Configure(EntityTypeBuilder<ExtractionDraftField> b)
    {
        b.HasOne<Reviewer>().WithMany().HasForeignKey(f => f.VerifiedById).OnDelete(DeleteBehavior.Restrict);
        b.Property(f => f.ValueJson).HasColumnType("jsonb");
        b.Property(f => f.FinalValueJson).HasColumnType("jsonb");
        b.HasIndex(f => new { f.DraftId, f.FieldName }).IsUnique();
        b.HasIndex(f => f.RecordId);
    }
}

/// <summary>The audit of an LLM call keeps the plain column names it had before it was one type, in every output table.</summary>
internal static class LlmCallAuditColumns
{
    public static void Map(ComplexPropertyBuilder<LlmCallAudit> a)
    {
        a.Property(x => x.ProtocolHash).HasColumnName(nameof(LlmCallAudit.ProtocolHash));
        a.Property(x => x.PromptId).HasColumnName(nameof(LlmCallAudit.PromptId));
        a.Property(x => x.PromptVersion).HasColumnName(nameof(LlmCallAudit.PromptVersion));
        a.Property(x => x.PromptHash).HasColumnName(nameof(LlmCallAudit.PromptHash));
        a.Property(x => x.RenderedPromptHash).HasColumnName(nameof(LlmCallAudit.RenderedPromptHash));
        a.Property(x => x.Model).HasColumnName(nameof(LlmCallAudit.Model));
        a.Property(x => x.ReportedModel).HasColumnName(nameof(LlmCallAudit.ReportedModel));
        a.Property(x => x.BatchId).HasColumnName(nameof(LlmCallAudit.BatchId));
        a.Property(x => x.ParametersJson).HasColumnName(nameof(LlmCallAudit.ParametersJson)).HasColumnType("jsonb");
        a.Property(x => x.RawReply).HasColumnName(nameof(LlmCallAudit.RawReply));
        a.Property(x => x.PromptTokens).HasColumnName(nameof(LlmCallAudit.PromptTokens));
        a.Property(x => x.CompletionTokens).HasColumnName(nameof(LlmCallAudit.CompletionTokens));
        a.Property(x => x.CachedPromptTokens).HasColumnName(nameof(LlmCallAudit.CachedPromptTokens));
        a.Property(x => x.Cost).HasColumnName(nameof(LlmCallAudit.Cost)).HasPrecision(18, 8);
        a.Property(x => x.LatencyMs).HasColumnName(nameof(LlmCallAudit.LatencyMs));
        a.Property(x => x.Attempts).HasColumnName(nameof(LlmCallAudit.Attempts));
        a.Property(x => x.Error).HasColumnName(nameof(LlmCallAudit.Error));
        a.Property(x => x.CreatedAt).HasColumnName(nameof(LlmCallAudit.CreatedAt));
        a.Property(x => x.SourcePassagesJson).HasColumnName(nameof(LlmCallAudit.SourcePassagesJson)).HasColumnType("jsonb");
    }
}
