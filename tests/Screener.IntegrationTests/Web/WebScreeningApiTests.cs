using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

public sealed class WebScreeningApiTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
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

    private string RecordUrl(long record) => $"/api/reviews/{_seed.ReviewA}/records/{record}";

    private static Task<HttpResponseMessage> Decide(HttpClient client, string url, string decision, string? reason = null) =>
        client.PutAsJsonAsync(url + "/decision", new { decision, exclusionReason = reason });

    [Fact]
    public async Task The_other_reviewers_decision_stays_hidden_until_one_has_decided()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        using var carol = As("carol");
        var url = RecordUrl(_seed.RecordsA[0]);
        Assert.Equal(HttpStatusCode.OK, (await Decide(alice, url, "exclude", "not human data")).StatusCode);

        var blinded = await bob.GetFromJsonAsync<JsonElement>(url);
        Assert.True(blinded.GetProperty("othersBlinded").GetBoolean());
        Assert.Equal(JsonValueKind.Null, blinded.GetProperty("otherDecisions").ValueKind);
        Assert.Equal(JsonValueKind.Null, blinded.GetProperty("myDecision").ValueKind);
        Assert.Equal(JsonValueKind.Null, blinded.GetProperty("state").ValueKind);
        Assert.DoesNotContain("Alice", blinded.GetRawText());
        var adjudicatorView = await carol.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal("exclude", adjudicatorView.GetProperty("otherDecisions")[0].GetProperty("decision").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Decide(bob, url, "include")).StatusCode);
        var unblinded = await bob.GetFromJsonAsync<JsonElement>(url);
        Assert.False(unblinded.GetProperty("othersBlinded").GetBoolean());
        var other = unblinded.GetProperty("otherDecisions")[0];
        Assert.Equal("Alice", other.GetProperty("reviewer").GetString());
        Assert.Equal("not human data", other.GetProperty("exclusionReason").GetString());
        Assert.Equal("conflict", unblinded.GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_unsure_llm_suggestion_asks_the_reviewer_to_decide_first_and_an_agreeing_one_to_confirm()
    {
        using var alice = As("alice");

        // The seed's records 0-1 have one include vote each, 2-3 one unsure vote (probability 0.5, in the uncertain band).
        var confirm = (await alice.GetFromJsonAsync<JsonElement>(RecordUrl(_seed.RecordsA[0]))).GetProperty("llm");
        var first = (await alice.GetFromJsonAsync<JsonElement>(RecordUrl(_seed.RecordsA[2]))).GetProperty("llm");
        var page = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}/screen?record={_seed.RecordsA[2]}");

        Assert.Equal("confirmInclude", confirm.GetProperty("route").GetString());
        Assert.Equal("humanFirst", first.GetProperty("route").GetString());
        Assert.Equal("inside the uncertain band", first.GetProperty("routeReason").GetString());
        Assert.Contains("decide yourself first: inside the uncertain band", page);
    }

    [Fact]
    public async Task The_screening_item_carries_the_llm_verdicts_with_evidence_per_criterion()
    {
        using var alice = As("alice");

        var item = await alice.GetFromJsonAsync<JsonElement>(RecordUrl(_seed.RecordsA[0]));

        var i1 = item.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "I1");
        Assert.Equal("met", i1.GetProperty("llmVerdict").GetString());
        Assert.Contains(i1.GetProperty("evidence").GetString()!, _seed.Abstracts[_seed.RecordsA[0].ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal("include", item.GetProperty("llm").GetProperty("decision").GetString());
    }

    [Fact]
    public async Task A_protocol_that_hides_the_llm_suggestion_hides_its_verdicts_and_records_that_it_was_not_shown()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hidden-{Guid.NewGuid():N}.yaml");
        var yaml = await File.ReadAllTextAsync(Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"));
        await File.WriteAllTextAsync(path, yaml.Replace("show_llm_suggestion: true", "show_llm_suggestion: false", StringComparison.Ordinal));
        await using (var db = database.CreateDbContext())
            await Core.Reviews.InitReview.RunAsync(db, TimeProvider.System, new("A", path), CancellationToken.None);
        File.Delete(path);
        using var alice = As("alice");

        var item = await alice.GetFromJsonAsync<JsonElement>(RecordUrl(_seed.RecordsA[0]));
        await Decide(alice, RecordUrl(_seed.RecordsA[0]), "include");

        Assert.True(item.GetProperty("llmHiddenByProtocol").GetBoolean());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("llm").ValueKind);
        Assert.All(item.GetProperty("criteria").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("evidence").ValueKind));
        await using var check = database.CreateDbContext();
        var decision = await check.HumanDecisions.SingleAsync();
        Assert.False(decision.LlmSuggestionShown);
        Assert.Equal(ScreeningDecision.Include, decision.LlmSuggestedDecision);
    }

    [Fact]
    public async Task A_decision_records_the_newest_parsed_suggestion_of_its_record()
    {
        var recordId = _seed.RecordsA[0];
        long newerId;
        await using (var db = database.CreateDbContext())
        {
            var older = await db.Suggestions.SingleAsync(s => s.RecordId == recordId);
            // A later run changed its mind, then a still later reply did not parse: the decision names the later parsed one.
            var newer = SuggestionLike(older, "newer", SuggestionStatus.Parsed, ScreeningDecision.Exclude);
            var unparseable = SuggestionLike(older, "newest-unparseable", SuggestionStatus.Unparseable, null);
            db.Suggestions.AddRange(newer, unparseable);
            await db.SaveChangesAsync();
            newerId = newer.Id;
            Assert.True(unparseable.Id > newerId && newerId > older.Id);
        }
        using var alice = As("alice");

        Assert.Equal(HttpStatusCode.OK, (await Decide(alice, RecordUrl(recordId), "include")).StatusCode);

        await using var check = database.CreateDbContext();
        var decision = await check.HumanDecisions.SingleAsync();
        Assert.Equal(newerId, decision.LlmSuggestionId);
        Assert.Equal(ScreeningDecision.Exclude, decision.LlmSuggestedDecision);
    }

    private static LlmSuggestion SuggestionLike(LlmSuggestion source, string idempotencyKey, SuggestionStatus status, ScreeningDecision? decision) =>
        new()
        {
            RunId = source.RunId, RecordId = source.RecordId, Slot = source.Slot, IdempotencyKey = idempotencyKey, Status = status,
            Decision = decision,
            Audit = new LlmCallAudit
            {
                ProtocolHash = source.Audit.ProtocolHash, PromptId = source.Audit.PromptId, PromptVersion = source.Audit.PromptVersion,
                PromptHash = source.Audit.PromptHash, RenderedPromptHash = source.Audit.RenderedPromptHash, Model = source.Audit.Model,
            },
        };

    [Fact]
    public async Task Invalid_decisions_are_answered_with_problem_json_naming_the_field()
    {
        using var alice = As("alice");
        var url = RecordUrl(_seed.RecordsA[1]);

        var unknown = await Decide(alice, url, "maybe");
        // An exclusion without a reason is accepted unless the protocol requires one (ExclusionReasonRuleTests).
        var badReason = await Decide(alice, url, "exclude", "too long");

        foreach (var (response, field) in new[] { (unknown, "decision"), (badReason, "exclusionReason") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        }
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.HumanDecisions.CountAsync());
    }

    [Fact]
    public async Task Two_reviewers_deciding_the_same_record_at_once_both_succeed()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        var url = RecordUrl(_seed.RecordsA[2]);

        var responses = await Task.WhenAll(Decide(alice, url, "include"), Decide(bob, url, "include"));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var db = database.CreateDbContext();
        Assert.Equal(2, await db.HumanDecisions.CountAsync(d => d.RecordId == _seed.RecordsA[2]));
        var settled = await alice.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal("settled", settled.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_same_reviewer_deciding_twice_at_once_keeps_one_decision()
    {
        using var alice = As("alice");
        var url = RecordUrl(_seed.RecordsA[3]);

        var responses = await Task.WhenAll(Decide(alice, url, "include"), Decide(alice, url, "unsure"));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Single(bodies, b => b.GetProperty("updated").GetBoolean());
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.HumanDecisions.CountAsync(d => d.RecordId == _seed.RecordsA[3]));
    }

    [Fact]
    public async Task A_conflict_is_listed_until_the_adjudicator_decides_and_a_second_adjudication_is_refused()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        using var carol = As("carol");
        var record = _seed.RecordsA[4];
        await Decide(alice, RecordUrl(record), "include");
        await Decide(bob, RecordUrl(record), "exclude", "no PK or PK/PD data");
        var conflicts = await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/conflicts");
        Assert.Equal([record], conflicts.EnumerateArray().Select(c => c.GetProperty("recordId").GetInt64()));

        var byReviewer = await alice.PostAsJsonAsync(RecordUrl(record) + "/adjudication", new { decision = "include" });
        var first = await carol.PostAsJsonAsync(RecordUrl(record) + "/adjudication", new { decision = "include" });
        var second = await carol.PostAsJsonAsync(RecordUrl(record) + "/adjudication", new { decision = "exclude", exclusionReason = "not human data" });
        var lateDecision = await Decide(bob, RecordUrl(record), "include");

        Assert.Equal(HttpStatusCode.Forbidden, byReviewer.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal($"/api/reviews/{_seed.ReviewA}/records/{record}", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, lateDecision.StatusCode);
        Assert.Empty((await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/conflicts")).EnumerateArray());
        var prisma = await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/prisma");
        Assert.Equal(1, prisma.GetProperty("includedAfterTitleAbstract").GetInt32());
    }

    [Fact]
    public async Task The_queue_offers_records_by_llm_inclusion_probability_and_skips_what_one_decided()
    {
        using var alice = As("alice");
        var queue = $"/api/reviews/{_seed.ReviewA}/queue/next";

        var first = await alice.GetFromJsonAsync<JsonElement>(queue);
        Assert.Equal(_seed.RecordsA[0], first.GetProperty("recordId").GetInt64());
        await Decide(alice, RecordUrl(_seed.RecordsA[0]), "include");
        var second = await alice.GetFromJsonAsync<JsonElement>(queue);

        Assert.Equal(_seed.RecordsA[1], second.GetProperty("recordId").GetInt64());
        Assert.Equal(first.GetProperty("remaining").GetInt32() - 1, second.GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task Agreement_reports_cohens_kappa_between_humans_and_against_the_llm()
    {
        using var alice = As("alice");
        using var bob = As("bob");
        foreach (var (record, a, b) in new[] { (0, "include", "include"), (1, "include", "exclude"), (4, "exclude", "exclude"), (5, "exclude", "exclude") })
        {
            await Decide(alice, RecordUrl(_seed.RecordsA[record]), a, a == "exclude" ? "not emicizumab" : null);
            await Decide(bob, RecordUrl(_seed.RecordsA[record]), b, b == "exclude" ? "not emicizumab" : null);
        }

        using var carol = As("carol");
        var agreement = await carol.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/agreement");

        var humans = agreement.GetProperty("humanHuman");
        Assert.Equal(4, humans.GetProperty("pairs").GetInt32());
        Assert.Equal(0.75, humans.GetProperty("observedAgreement").GetDouble(), 6);
        // po = 0.75; pe = (2/4)(1/4) + (2/4)(3/4) = 0.5; kappa = (0.75 - 0.5) / 0.5
        Assert.Equal(0.5, humans.GetProperty("kappa").GetDouble(), 6);
        Assert.Equal(6, agreement.GetProperty("humanLlm").GetProperty("pairs").GetInt32());
    }
}
