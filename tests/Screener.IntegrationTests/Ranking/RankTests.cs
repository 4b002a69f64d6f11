using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Cli;
using Screener.Core.Ranking;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;
using Record = Screener.Core.Records.Record;

namespace Screener.IntegrationTests.Ranking;

public sealed class RankTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<RankRecordsResult> RankAsync(params string[] extra)
    {
        var result = await CliHarness.RunAsync(database, ["rank", "--review", RankingSeed.Review, "--json", .. extra]);
        result.AssertExit(0);
        return JsonSerializer.Deserialize<RankRecordsResult>(result.Out, CliRunner.JsonOptions)!;
    }

    [Fact]
    public async Task Without_decisions_or_suggestions_rank_orders_by_similarity_to_the_protocol_and_says_why()
    {
        var records = await RankingSeed.SeedExampleAsync(database);

        var ranked = await RankAsync("--top", "0");

        Assert.Equal(RankingMethod.ProtocolSimilarity, ranked.Method);
        Assert.Contains("at least one include and one exclude", ranked.Note);
        Assert.Equal(records.Count, ranked.Records.Count);
        Assert.Null(ranked.Stopping.EstimatedRecall);
        // The emicizumab protocol should pull the 15 includes up: their mean rank beats a random order's (about 130).
        var includes = records.Where(r => r.ImportedLabelFinal == true).Select(r => r.Id).ToHashSet();
        Assert.True(ranked.Records.Where(r => includes.Contains(r.RecordId)).Average(r => r.Rank) < 100);
    }

    [Fact]
    public async Task The_review_queue_follows_the_active_learning_order_and_retrains_after_a_batch_of_decisions()
    {
        var (records, includes, excludes) = await SeedThreeIncludesThenTwentyExcludesAsync();

        var ranked = await RankAsync("--top", "0");
        var queue = await QueueAsync();

        // Decided records first, in the order they were decided (so "previous" is the one just screened), then the ranking.
        Assert.Equal(RankingMethod.ActiveLearning, ranked.Method);
        Assert.Equal(includes.Take(3).Concat(excludes.Take(20)).Select(r => r.Id), queue.Take(23));
        Assert.Equal(ranked.Records.Select(r => r.RecordId), queue.Skip(23));
        Assert.Equal(records.Count, queue.Count);

        // Two more labels (23 -> 25, past the 5% batch): the queue is retrained, the two leave the unscreened part.
        await RankingSeed.DecideAsync(database, includes.Skip(3).Take(2).Select(r => (r.Id, ScreeningDecision.Include)), reviewer: "bob");
        var retrained = await RankAsync("--top", "0");
        var requeued = await QueueAsync();

        Assert.Equal(ranked.Unscreened - 2, retrained.Unscreened);
        Assert.Equal(retrained.Records.Select(r => r.RecordId), requeued.Skip(25));
    }

    private async Task<(List<Record> Records, List<Record> Includes, List<Record> Excludes)> SeedThreeIncludesThenTwentyExcludesAsync()
    {
        var records = await RankingSeed.SeedExampleAsync(database);
        var includes = records.Where(r => r.ImportedLabelFinal == true).ToList();
        var excludes = records.Where(r => r.ImportedLabelFinal == false).ToList();
        await RankingSeed.DecideAsync(database, includes.Take(3).Select(r => (r.Id, ScreeningDecision.Include))
            .Concat(excludes.Take(20).Select(r => (r.Id, ScreeningDecision.Exclude))));
        return (records, includes, excludes);
    }

    private async Task<List<long>> QueueAsync()
    {
        await using var db = database.CreateDbContext();
        var review = await db.Reviews.SingleAsync();
        return (await Screener.Core.HumanScreening.ScreeningQueue.LoadAsync(db, review.Id, CancellationToken.None)).Select(q => q.RecordId).ToList();
    }

    [Fact]
    public async Task A_record_imported_after_the_queue_was_ranked_is_ranked_at_once_not_left_for_the_next_batch()
    {
        var (_, includes, _) = await SeedThreeIncludesThenTwentyExcludesAsync();
        await QueueAsync();

        // A later search brings in a record like an unscreened include (not marked as a duplicate).
        var added = await RankingSeed.AddCopyAsync(database, includes[3], duplicateOf: null);
        var requeued = await QueueAsync();
        var ranked = await RankAsync("--top", "0");

        // The cached ranking would have left it after every ranked record; recomputed, it is ranked with them.
        Assert.Equal(ranked.Records.Select(r => r.RecordId), requeued.Skip(23));
        Assert.True(requeued.IndexOf(added.Id) < requeued.Count - 1, $"the new record is at {requeued.IndexOf(added.Id)} of {requeued.Count}");
    }

    [Fact]
    public async Task Human_decisions_train_the_ranker_and_the_stopping_aid_counts_since_the_last_include()
    {
        // Three includes then twenty excludes: 20 screened since the last include.
        var (records, includes, _) = await SeedThreeIncludesThenTwentyExcludesAsync();

        var ranked = await RankAsync("--top", "0");

        Assert.Equal(RankingMethod.ActiveLearning, ranked.Method);
        Assert.Equal(records.Count - 23, ranked.Unscreened);
        Assert.Equal(23, ranked.Stopping.Screened);
        Assert.Equal(3, ranked.Stopping.IncludesFound);
        Assert.Equal(20, ranked.Stopping.RecordsSinceLastInclude);
        // The recall test reads the 23 labels in the order decided, against every unique record of the review.
        Assert.Equal(RecallTest.PValue([.. Enumerable.Repeat(true, 3), .. Enumerable.Repeat(false, 20)], ranked.UniqueRecords), ranked.Stopping.RecallTestP, 12);
        Assert.False(ranked.Stopping.RecallTestPassed);
        // Three includes are too few to calibrate the estimate on held-out scores: no estimate, and the note says why.
        Assert.Null(ranked.Stopping.EstimatedRecall);
        Assert.Contains("estimating recall needs at least 5 includes and 5 excludes", ranked.Note);
        var remaining = includes.Skip(3).Select(r => r.Id).ToHashSet();
        var foundInTop40 = ranked.Records.Take(40).Count(r => remaining.Contains(r.RecordId));
        Assert.True(foundInTop40 >= 8, $"only {foundInTop40} of the 12 remaining includes in the top 40 of {ranked.Unscreened}");
        Assert.DoesNotContain(ranked.Records, r => includes.Take(3).Any(i => i.Id == r.RecordId));
    }

    [Fact]
    public async Task Duplicates_are_not_ranked()
    {
        var records = await RankingSeed.SeedExampleAsync(database);
        var copy = await RankingSeed.AddCopyAsync(database, records[0], duplicateOf: records[0].Id);

        var ranked = await RankAsync("--top", "0");

        Assert.Equal(records.Count, ranked.UniqueRecords);
        Assert.DoesNotContain(ranked.Records, r => r.RecordId == copy.Id);
    }

    [Fact]
    public async Task With_llm_suggestions_and_no_decisions_rank_follows_the_mean_include_vote()
    {
        var records = await RankingSeed.SeedExampleAsync(database);
        await RankingSeed.SuggestAsync(database, [
            (records[5].Id, ScreeningDecision.Include), (records[5].Id, ScreeningDecision.Include),
            (records[7].Id, ScreeningDecision.Include), (records[7].Id, ScreeningDecision.Unsure),
            (records[9].Id, ScreeningDecision.Exclude)]);

        var ranked = await RankAsync("--top", "3");

        Assert.Equal(RankingMethod.LlmProbability, ranked.Method);
        Assert.Equal([records[5].Id, records[7].Id], ranked.Records.Take(2).Select(r => r.RecordId));
        Assert.Equal(0.75, ranked.Records[1].LlmProbability);
        Assert.Null(ranked.Stopping.EstimatedRecall); // a vote share is not a calibrated probability
    }

    [Fact]
    public async Task A_record_without_title_or_abstract_is_listed_first_and_the_note_says_why()
    {
        var records = await RankingSeed.SeedExampleAsync(database);
        var blank = await RankingSeed.AddCopyAsync(database, records[0], duplicateOf: null);
        await using (var db = database.CreateDbContext())
        {
            // A journal supplement, say: only its PMID identifies it, so the model has no word of it to weigh.
            await db.Records.Where(r => r.Id == blank.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Title, "").SetProperty(r => r.Abstract, (string?)null));
        }

        var ranked = await RankAsync("--demo-labels", "150", "--top", "3");

        Assert.Equal(RankingMethod.ActiveLearning, ranked.Method);
        Assert.Equal(blank.Id, ranked.Records[0].RecordId);
        Assert.Contains("1 unscreened record(s) have no title or abstract words the model weighs", ranked.Note);
    }

    [Fact]
    public async Task With_llm_suggestions_and_labels_the_scores_follow_the_order_and_the_estimate_comes_from_the_text_model()
    {
        var records = await RankingSeed.SeedExampleAsync(database);
        await RankingSeed.SuggestAsync(database, records.Skip(150).Take(40).Select(r => (r.Id, r.ImportedLabelFinal == true ? ScreeningDecision.Include : ScreeningDecision.Exclude)));

        var ranked = await RankAsync("--demo-labels", "150", "--top", "0");

        Assert.Equal(RankingMethod.ActiveLearning, ranked.Method);
        Assert.NotNull(ranked.Stopping.EstimatedRecall);
        Assert.All(ranked.Records, r => Assert.InRange(r.InclusionProbability!.Value, 0.0, 1.0));
        Assert.All(ranked.Records.Zip(ranked.Records.Skip(1)), p => Assert.True(p.First.Score >= p.Second.Score, $"rank {p.First.Rank}: {p.First.Score} < {p.Second.Score}"));
    }

    [Fact]
    public async Task Demo_labels_use_the_imported_labels_of_the_first_records()
    {
        var records = await RankingSeed.SeedExampleAsync(database);

        var ranked = await RankAsync("--demo-labels", "150", "--top", "5");

        var firstIncludes = records.Take(150).Count(r => r.ImportedLabelFinal == true);
        Assert.True(firstIncludes > 0, "the example's first 150 records hold an include");
        Assert.Equal(RankingMethod.ActiveLearning, ranked.Method);
        Assert.Equal(records.Count - 150, ranked.Unscreened);
        Assert.Equal(firstIncludes, ranked.Stopping.IncludesFound);
        // 10 includes and 140 excludes: enough to calibrate, so the estimate is there and the scores are probabilities.
        Assert.InRange(ranked.Stopping.EstimatedRecall!.Value, 0.0, 1.0);
        Assert.All(ranked.Records, r => Assert.InRange(r.Score, 0.0, 1.0));
        Assert.Null(ranked.Note);
    }
}
