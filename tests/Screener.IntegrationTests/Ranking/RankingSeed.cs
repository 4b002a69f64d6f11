using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Jobs;
using Screener.Core.Ranking;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;
using Record = Screener.Core.Records.Record;

namespace Screener.IntegrationTests.Ranking;

/// <summary>The bundled Donners 2021 example as a review with its 258 records, written directly (import is another feature).</summary>
internal static class RankingSeed
{
    public const string Review = "donners";

    public static string ExampleCsv => Path.Combine(Paths.Examples, "donners2021-emicizumab", "records.csv");

    public static async Task<List<Record>> SeedExampleAsync(TestDatabase database)
    {
        var init = await CliHarness.RunAsync(database, "init", "--protocol",
            Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"), "--name", Review);
        init.AssertExit(0);
        await using var db = database.CreateDbContext();
        var review = await db.Reviews.SingleAsync();
        var source = new ImportSource { ReviewId = review.Id, SourceName = "SYNERGY", FileName = "records.csv", FileSha256 = new string('0', 64) };
        db.ImportSources.Add(source);
        await db.SaveChangesAsync();
        var rows = LabelledDataset.Read(ExampleCsv, "label_final", null).Records;
        var records = rows.Select((r, i) => new Record
        {
            ReviewId = review.Id, ImportSourceId = source.Id, SourcePosition = i + 1, SourceLine = i + 2, ExternalId = r.Id,
            Title = r.Input.Title, Abstract = r.Input.Abstract, ImportedLabelFinal = r.Label,
        }).ToList();
        db.Records.AddRange(records);
        await db.SaveChangesAsync();
        return records;
    }

    public static async Task<Record> AddCopyAsync(TestDatabase database, Record original, long? duplicateOf)
    {
        await using var db = database.CreateDbContext();
        var copy = new Record
        {
            ReviewId = original.ReviewId, ImportSourceId = original.ImportSourceId, SourcePosition = 10_000, SourceLine = 10_000,
            ExternalId = original.ExternalId + "-copy", Title = original.Title.ToUpperInvariant(), Abstract = original.Abstract,
            DuplicateOfId = duplicateOf,
        };
        db.Records.Add(copy);
        await db.SaveChangesAsync();
        return copy;
    }

    public static async Task DecideAsync(
        TestDatabase database, IEnumerable<(long RecordId, ScreeningDecision Decision)> decisions, string reviewer = "alice")
    {
        await using var db = database.CreateDbContext();
        var review = await db.Reviews.SingleAsync();
        var account = new Reviewer { UserName = reviewer, Role = ReviewerRole.Reviewer };
        db.Reviewers.Add(account);
        await db.SaveChangesAsync();
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        db.HumanDecisions.AddRange(decisions.Select((d, k) => new HumanDecision
        {
            ReviewId = review.Id, RecordId = d.RecordId, ReviewerId = account.Id, Stage = ReviewStage.TitleAbstract,
            Decision = d.Decision, DecidedAt = at.AddMinutes(k),
        }));
        await db.SaveChangesAsync();
    }

    public static async Task SuggestAsync(TestDatabase database, IEnumerable<(long RecordId, ScreeningDecision Decision)> votes)
    {
        await using var db = database.CreateDbContext();
        var review = await db.Reviews.SingleAsync();
        var run = new ScreeningRun { ReviewId = review.Id, ProtocolVersionId = review.CurrentProtocolVersionId!.Value, Provider = "test", Model = "m" };
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        db.Suggestions.AddRange(votes.Select((v, k) => new LlmSuggestion
        {
            RunId = run.Id,
            RecordId = v.RecordId,
            Slot = "main",
            IdempotencyKey = $"k{k}",
            Status = SuggestionStatus.Parsed,
            Decision = v.Decision,
            Audit = new LlmCallAudit { ProtocolHash = "h", PromptId = "screening", PromptVersion = "v1", PromptHash = "p", RenderedPromptHash = "r", Model = "m" },
        }));
        await db.SaveChangesAsync();
    }
}
