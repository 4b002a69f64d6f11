using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core.Ranking;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>
/// Issue 17 item 16 / issue 18: the queue's ranking is a read model owned by the host's container, computed in the
/// background; pages answer at once with the last ranking and say how old it is.
/// </summary>
public sealed class WebQueueRankingTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database, records: 12);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task DecideAsync(HttpClient client, int index, string decision) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[index]}/decision",
            new { decision, exclusionReason = decision == "exclude" ? "not emicizumab" : null })).StatusCode);

    private async Task<JsonElement> RankingAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/ranking");

    /// <summary>A ranker that computes the first ranking at once and holds every later one until <paramref name="gate"/> is released.</summary>
    private static ComputeQueueRanking HeldAfterTheFirst(SemaphoreSlim gate)
    {
        var calls = 0;
        return async (db, review, viewer, ct) =>
        {
            if (Interlocked.Increment(ref calls) > 1) await gate.WaitAsync(ct);
            return await QueueRanking.ComputeAsync(db, review, viewer, TimeProvider.System, ct);
        };
    }

    [Fact]
    public async Task Pages_answer_with_the_last_ranking_while_the_next_is_computed_and_show_the_new_one_after_it()
    {
        // Every ranking after the first waits until the test lets it go: computing on the request would hang the page.
        using var gate = new SemaphoreSlim(0);
        await using var web = await WebTestApp.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton(HeldAfterTheFirst(gate)));
        using var alice = web.Client(_seed.ApiKeys["alice"]);
        await DecideAsync(alice, 0, "include");
        await DecideAsync(alice, 1, "exclude");

        var none = await RankingAsync(alice);
        Assert.Equal(JsonValueKind.Null, none.GetProperty("computedAt").ValueKind);
        await web.RankingsIdleAsync();
        var first = await RankingAsync(alice);
        Assert.Equal((2, "activeLearning"), (first.GetProperty("labelled").GetInt32(), first.GetProperty("method").GetString()));

        // A third decision makes the ranking due; the worker is held, yet the pages answer with the last ranking.
        await DecideAsync(alice, 2, "exclude");
        var overview = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}");
        var screen = await alice.GetAsync($"/reviews/{_seed.ReviewA}/screen");
        var pending = web.RankingsIdleAsync();

        Assert.Contains("id=\"ranking-age\">ranked less than a minute ago on 2 labelled record(s)", overview);
        Assert.Equal(HttpStatusCode.OK, screen.StatusCode);
        Assert.Equal(2, (await RankingAsync(alice)).GetProperty("labelled").GetInt32());
        Assert.False(pending.IsCompleted, "the new ranking was computed although the worker was held");

        gate.Release(10);
        await web.RankingsIdleAsync();
        Assert.Equal(3, (await RankingAsync(alice)).GetProperty("labelled").GetInt32());
    }

    [Fact]
    public async Task A_record_imported_after_the_ranking_was_served_is_in_the_queue_before_the_next_ranking()
    {
        // The next ranking waits: the pages must not serve the queue the last ranking brought once the records changed.
        using var gate = new SemaphoreSlim(0);
        await using var web = await WebTestApp.StartAsync(database.ConnectionString, replaceServices: s => s.AddSingleton(HeldAfterTheFirst(gate)));
        using var alice = web.Client(_seed.ApiKeys["alice"]);
        await DecideAsync(alice, 0, "include");
        await DecideAsync(alice, 1, "exclude");
        await RankingAsync(alice);
        await web.RankingsIdleAsync();
        var before = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}");

        long added;
        await using (var db = database.CreateDbContext())
        {
            var last = _seed.RecordsA[^1];
            var template = await db.Records.AsNoTracking().SingleAsync(r => r.Id == last);
            var record = new Core.Records.Record
            {
                ReviewId = template.ReviewId, ImportSourceId = template.ImportSourceId, SourcePosition = 1_000, SourceLine = 1_001,
                Title = "Emicizumab prophylaxis in a record imported after the ranking", Abstract = template.Abstract,
            };
            db.Records.Add(record);
            await db.SaveChangesAsync();
            added = record.Id;
        }
        var after = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}");
        var listed = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}/screen?record={added}");

        Assert.Contains($"{_seed.RecordsA.Count - 2} record(s) waiting for you", before);
        Assert.Contains($"{_seed.RecordsA.Count - 1} record(s) waiting for you", after);
        Assert.Contains($"Decided 2 of {_seed.RecordsA.Count + 1}", listed);
        Assert.Contains($"record {_seed.RecordsA.Count + 1} in the queue", listed);
        Assert.Contains("ranked less than a minute ago on 2 labelled record(s)", after);
        gate.Release(10);
    }

    [Fact]
    public async Task Two_hosts_in_one_process_keep_their_own_rankings()
    {
        await using var one = await WebTestApp.StartAsync(database.ConnectionString);
        await using var two = await WebTestApp.StartAsync(database.ConnectionString);
        using var aliceOne = one.Client(_seed.ApiKeys["alice"]);
        using var aliceTwo = two.Client(_seed.ApiKeys["alice"]);
        await DecideAsync(aliceOne, 0, "include");
        await DecideAsync(aliceOne, 1, "exclude");
        await RankingAsync(aliceOne);
        await one.RankingsIdleAsync();
        Assert.Equal(2, (await RankingAsync(aliceOne)).GetProperty("labelled").GetInt32());

        // The same review and reviewer on the other host: nothing computed there yet (a static cache would answer).
        Assert.Equal(JsonValueKind.Null, (await RankingAsync(aliceTwo)).GetProperty("computedAt").ValueKind);
        await two.RankingsIdleAsync();
        Assert.Equal(2, (await RankingAsync(aliceTwo)).GetProperty("labelled").GetInt32());
    }
}
