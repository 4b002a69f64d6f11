using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Dedup;
using Screener.Core.Embeddings;
using Screener.Core.FullText;
using Screener.Core.Jobs;
using Screener.Core.Records;
using Screener.Core.Reviews;

namespace Screener.Core.Persistence;

public sealed class ScreenerDbContext(DbContextOptions<ScreenerDbContext> options) : DbContext(options)
{
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<ProtocolVersion> ProtocolVersions => Set<ProtocolVersion>();
    public DbSet<Reviewer> Reviewers => Set<Reviewer>();
    public DbSet<ReviewMembership> ReviewMemberships => Set<ReviewMembership>();
    public DbSet<ImportSource> ImportSources => Set<ImportSource>();
    public DbSet<Record> Records => Set<Record>();
    public DbSet<DuplicateLink> DuplicateLinks => Set<DuplicateLink>();
    public DbSet<DuplicatePairDecision> DuplicatePairDecisions => Set<DuplicatePairDecision>();
    public DbSet<RecordEmbedding> Embeddings => Set<RecordEmbedding>();
    public DbSet<ScreeningRun> Runs => Set<ScreeningRun>();
    public DbSet<WorkItem> WorkItems => Set<WorkItem>();
    public DbSet<Jobs.Batch.BatchSubmission> BatchSubmissions => Set<Jobs.Batch.BatchSubmission>();
    public DbSet<Jobs.Batch.BatchSubmissionItem> BatchSubmissionItems => Set<Jobs.Batch.BatchSubmissionItem>();
    public DbSet<LlmSuggestion> Suggestions => Set<LlmSuggestion>();
    public DbSet<HumanDecision> HumanDecisions => Set<HumanDecision>();
    public DbSet<HumanDecisionVersion> HumanDecisionVersions => Set<HumanDecisionVersion>();
    public DbSet<Adjudication> Adjudications => Set<Adjudication>();
    public DbSet<ExtractionDraft> ExtractionDrafts => Set<ExtractionDraft>();
    public DbSet<ExtractionDraftField> ExtractionFields => Set<ExtractionDraftField>();
    public DbSet<FullTextFile> FullTextFiles => Set<FullTextFile>();
    public DbSet<FullTextDocument> FullTextDocuments => Set<FullTextDocument>();
    public DbSet<FullTextPage> FullTextPages => Set<FullTextPage>();
    public DbSet<FullTextChunk> FullTextChunks => Set<FullTextChunk>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: the database stays readable and reordering an enum cannot corrupt data.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("vector");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ScreenerDbContext).Assembly);
    }
}
