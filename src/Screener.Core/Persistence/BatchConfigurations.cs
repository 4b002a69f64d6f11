using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Screener.Core.Jobs;
using Screener.Core.Jobs.Batch;

namespace Screener.Core.Persistence;

internal sealed class BatchSubmissionConfiguration : IEntityTypeConfiguration<BatchSubmission>
{
    public void Configure(EntityTypeBuilder<BatchSubmission> b)
    {
        b.HasOne<ScreeningRun>().WithMany().HasForeignKey(s => s.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.RunId, s.Step });
        b.HasIndex(s => s.FileName).IsUnique();
    }
}

internal sealed class BatchSubmissionItemConfiguration : IEntityTypeConfiguration<BatchSubmissionItem>
{
    public void Configure(EntityTypeBuilder<BatchSubmissionItem> b)
    {
        b.HasKey(i => new { i.SubmissionId, i.WorkItemId });
        b.HasOne<BatchSubmission>().WithMany().HasForeignKey(i => i.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WorkItem>().WithMany().HasForeignKey(i => i.WorkItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => i.WorkItemId);
    }
}
