using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>The record list (API and page): search, filters, paging, and blinding of what a reviewer may filter by.</summary>
public sealed class WebRecordListTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private WebTestApp _web = null!;
    private SeededReviews _seed = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        _seed = await ReviewSeed.RunAsync(database);
        _web = await WebTestApp.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync() => await _web.DisposeAsync();

    private HttpClient As(string user) => _web.Client(_seed.ApiKeys[user]);

    private async Task<JsonElement> ListAsync(HttpClient client, string query) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/records?{query}");

    private static List<long> Ids(JsonElement page) => page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("recordId").GetInt64()).ToList();

    private async Task DecideAsync(string user, long record, string decision, string? reason = null)
    {
        using var client = As(user);
        (await client.PutAsJsonAsync($"/api/reviews/{_seed.ReviewA}/records/{record}/decision", new { decision, exclusionReason = reason })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_blinded_reviewer_cannot_filter_or_see_the_co_reviewers_decisions_and_an_adjudicator_can()
    {
        await DecideAsync("bob", _seed.RecordsA[0], "exclude", "not human data");
        await DecideAsync("bob", _seed.RecordsA[1], "include");
        await DecideAsync("alice", _seed.RecordsA[1], "exclude");
        using var alice = As("alice");
        using var carol = As("carol");

        var aliceExcluded = await ListAsync(alice, "decision=exclude");
        var aliceUndecided = await ListAsync(alice, "decision=none");
        var carolExcluded = await ListAsync(carol, "decision=exclude");
        var aliceConflicts = await alice.GetAsync($"/api/reviews/{_seed.ReviewA}/records?status=conflict");
        var carolConflicts = await ListAsync(carol, "status=conflict");
        var alicePage = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}/records");

        // Bob's exclusion of record 0 neither selects nor hides it for alice: her filter reads her own decisions only.
        Assert.Equal([_seed.RecordsA[1]], Ids(aliceExcluded));
        Assert.Contains(_seed.RecordsA[0], Ids(aliceUndecided));
        Assert.True(aliceExcluded.GetProperty("blinded").GetBoolean());
        Assert.All(aliceUndecided.GetProperty("rows").EnumerateArray(), r =>
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("decisions").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("state").ValueKind);
        });
        Assert.Equal([_seed.RecordsA[0], _seed.RecordsA[1]], Ids(carolExcluded));
        Assert.Equal(HttpStatusCode.Forbidden, aliceConflicts.StatusCode);
        Assert.Equal([_seed.RecordsA[1]], Ids(carolConflicts));
        Assert.Contains("Bob: include", carolConflicts.GetProperty("rows")[0].GetProperty("decisions").EnumerateArray().Select(d => d.GetString()));
        Assert.DoesNotContain("value=\"conflict\"", alicePage);
        Assert.DoesNotContain("Bob", alicePage[alicePage.IndexOf("<main", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Search_llm_and_settled_filters_and_paging_select_the_records_and_rows_open_the_screening_page()
    {
        await using var db = database.CreateDbContext();
        var target = db.Records.Single(r => r.Id == _seed.RecordsA[3]);
        var others = db.Records.Where(r => r.ReviewId == _seed.ReviewA && r.Id != target.Id).AsEnumerable()
            .Select(r => $"{r.Title} {r.Abstract} {string.Join("; ", r.Authors)}").ToList();
        var word = target.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 4 && w.All(char.IsLetter))
            .First(w => !others.Any(o => o.Contains(w, StringComparison.OrdinalIgnoreCase)));
        var author = target.Authors.FirstOrDefault();
        await DecideAsync("alice", _seed.RecordsA[2], "include");
        await DecideAsync("bob", _seed.RecordsA[2], "include");
        using var alice = As("alice");

        var searched = await ListAsync(alice, "q=" + Uri.EscapeDataString(word.ToUpperInvariant()));
        var llmExclude = await ListAsync(alice, "llm=exclude");
        var noSuggestion = await ListAsync(alice, "llm=none");
        var settled = await ListAsync(alice, "status=settled-include");
        var fullText = await ListAsync(alice, "stage=fulltext");
        var second = await ListAsync(alice, "pageSize=2&page=2");
        var badStatus = await alice.GetAsync($"/api/reviews/{_seed.ReviewA}/records?status=maybe");
        var page = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}/records?q={Uri.EscapeDataString(word)}");

        Assert.Equal([_seed.RecordsA[3]], Ids(searched));
        if (author is not null) Assert.Contains(_seed.RecordsA[3], Ids(await ListAsync(alice, "q=" + Uri.EscapeDataString(author))));
        Assert.Equal([_seed.RecordsA[4]], Ids(llmExclude));
        Assert.Equal([_seed.RecordsA[5]], Ids(noSuggestion));
        Assert.Equal([_seed.RecordsA[2]], Ids(settled));
        Assert.Equal([_seed.RecordsA[2]], Ids(fullText));
        Assert.Equal(_seed.RecordsA.Skip(2).Take(2), Ids(second));
        Assert.Equal((6, 3), (second.GetProperty("total").GetInt32(), second.GetProperty("pages").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains($"href=\"/reviews/{_seed.ReviewA}/screen?record={_seed.RecordsA[3].ToString(CultureInfo.InvariantCulture)}\"", page);
    }

    [Fact]
    public async Task Undecided_records_are_filtered_by_their_latest_suggestion_and_paged_with_the_decided_ones_in_id_order()
    {
        // A later title/abstract suggestion on record 0 (include in the seed) says exclude, with a flag: it replaces the first.
        await using (var db = database.CreateDbContext())
        {
            var first = await db.Suggestions.AsNoTracking().SingleAsync(s => s.RecordId == _seed.RecordsA[0]);
            db.Suggestions.Add(new LlmSuggestion
            {
                RunId = first.RunId, RecordId = first.RecordId, Slot = "repeat", IdempotencyKey = "later-" + first.RecordId,
                Status = SuggestionStatus.Parsed, Decision = ScreeningDecision.Exclude, Flags = [ReplyAssessment.UngroundedQuotePrefix + "I1"],
                Verdicts = first.Verdicts, Audit = first.Audit,
            });
            await db.SaveChangesAsync();
        }
        await DecideAsync("alice", _seed.RecordsA[1], "include");
        await DecideAsync("bob", _seed.RecordsA[3], "exclude", "not human data");
        using var alice = As("alice");

        var excluded = await ListAsync(alice, "llm=exclude");
        var included = await ListAsync(alice, "llm=include");
        var ungrounded = await ListAsync(alice, "flag=ungrounded");
        var unflagged = await ListAsync(alice, "flag=none&pageSize=2&page=2");
        var undecidedSecond = await ListAsync(alice, "decision=none&pageSize=2&page=2");
        var openUnsure = await ListAsync(alice, "status=open&llm=unsure");

        Assert.Equal([_seed.RecordsA[0], _seed.RecordsA[4]], Ids(excluded));
        Assert.Equal([_seed.RecordsA[1]], Ids(included));
        Assert.Equal([_seed.RecordsA[0]], Ids(ungrounded));
        Assert.Equal([_seed.RecordsA[3], _seed.RecordsA[4]], Ids(unflagged));
        Assert.Equal(5, unflagged.GetProperty("total").GetInt32());
        // Bob's decision on record 3 is not alice's: to her it is undecided, between her undecided records by id.
        Assert.Equal([_seed.RecordsA[3], _seed.RecordsA[4]], Ids(undecidedSecond));
        Assert.Equal((5, 3), (undecidedSecond.GetProperty("total").GetInt32(), undecidedSecond.GetProperty("pages").GetInt32()));
        Assert.Equal([_seed.RecordsA[2], _seed.RecordsA[3]], Ids(openUnsure));
        Assert.Equal("exclude", excluded.GetProperty("rows")[0].GetProperty("llm").GetString());
    }

    [Fact]
    public async Task Grounding_flag_filters_select_the_full_text_suggestions_flagged_so()
    {
        var record = _seed.RecordsA[0];
        await FullTextSeed.IncludeAtTitleAbstractAsync(_web, _seed, record);
        await FullTextSeed.AddSuggestionAsync(database, _seed.ReviewA, record);
        using var alice = As("alice");

        var otherPage = await ListAsync(alice, "stage=fulltext&flag=other-page");
        var clean = await ListAsync(alice, "flag=none");

        Assert.Equal([record], Ids(otherPage));
        Assert.Equal(_seed.RecordsA.Count, clean.GetProperty("total").GetInt32());
    }
}
