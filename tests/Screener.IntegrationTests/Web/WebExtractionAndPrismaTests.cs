using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Reviews;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

public sealed class WebExtractionAndPrismaTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
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

    [Fact]
    public async Task A_field_is_verified_by_accepting_editing_with_a_typed_value_or_rejecting()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);
        var view = await alice.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/extraction/records/{_seed.ExtractionRecord}");
        var fields = view.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("fieldName").GetString()!, f => f.GetProperty("fieldId").GetInt64());
        string Url(string field) => $"/api/reviews/{_seed.ReviewA}/extraction/fields/{fields[field]}";

        var notANumber = await alice.PostAsJsonAsync(Url("sample_size"), new { action = "edit", value = "twelve" });
        var edited = await alice.PostAsJsonAsync(Url("sample_size"), new { action = "edit", value = "14" });
        var accepted = await alice.PostAsJsonAsync(Url("study_design"), new { action = "accept" });

        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.True((await notANumber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("value", out _));
        var editedBody = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("edited", editedBody.GetProperty("status").GetString());
        Assert.Equal("14", editedBody.GetProperty("finalValueJson").GetString());
        Assert.Equal("\"narrative review\"", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("finalValueJson").GetString());
        var list = await alice.GetFromJsonAsync<JsonElement>($"/api/reviews/{_seed.ReviewA}/extraction");
        Assert.Equal(2, list[0].GetProperty("verified").GetInt32());
    }

    [Fact]
    public async Task Yes_no_and_fixed_choice_fields_are_corrected_from_a_list_not_typed_as_free_text()
    {
        // A protocol version whose form adds a boolean and an enum field, and a draft holding values for both.
        var protocol = Path.Combine(Path.GetTempPath(), $"choices-{Guid.NewGuid():N}.yaml");
        var yaml = await File.ReadAllTextAsync(Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"));
        await File.WriteAllTextAsync(protocol, yaml.Replace("extraction_form:\n", """
            extraction_form:
              - name: inhibitors
                type: boolean
                description: Were people with FVIII inhibitors included?
              - name: route
                type: enum
                description: Route of administration.
                values: [subcutaneous, intravenous]

            """, StringComparison.Ordinal));
        await using (var db = database.CreateDbContext())
        {
            await InitReview.RunAsync(db, TimeProvider.System, new InitReviewRequest("A", protocol), CancellationToken.None);
            var draft = await db.ExtractionDrafts.Include(d => d.Fields).SingleAsync(d => d.RecordId == _seed.ExtractionRecord);
            draft.Fields.Add(new ExtractionDraftField { RecordId = draft.RecordId, FieldName = "inhibitors", ValueJson = "true", Confidence = 0.6 });
            draft.Fields.Add(new ExtractionDraftField { RecordId = draft.RecordId, FieldName = "route", ValueJson = "\"subcutaneous\"", Confidence = 0.6 });
            await db.SaveChangesAsync();
        }
        File.Delete(protocol);
        using var alice = _web.Client(_seed.ApiKeys["alice"]);

        var html = await alice.GetStringAsync($"/reviews/{_seed.ReviewA}/extraction/{_seed.ExtractionRecord}");

        string Card(string field) => Regex.Match(html, $"<li class=\"card field\" data-field=\"{field}\">.*?</li>", RegexOptions.Singleline).Value;
        Assert.Matches("<select id=\"value-\\d+\" name=\"value\">", Card("inhibitors"));
        Assert.Matches("<option value=\"yes\" selected[^>]*>yes</option>", Card("inhibitors"));
        Assert.Contains("<option value=\"no\">no</option>", Card("inhibitors"));
        Assert.Matches("<option value=\"subcutaneous\" selected[^>]*>subcutaneous</option>", Card("route"));
        Assert.Contains("<option value=\"intravenous\">intravenous</option>", Card("route"));
        Assert.DoesNotContain("<textarea", Card("route"));
        Assert.Contains("<textarea", Card("study_design"));
    }

    [Fact]
    public async Task A_field_of_another_review_cannot_be_verified()
    {
        using var mallory = _web.Client(_seed.ApiKeys["mallory"]);

        var response = await mallory.PostAsJsonAsync($"/api/reviews/{_seed.ReviewB}/extraction/fields/1", new { action = "accept" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_prisma_svg_and_the_exports_follow_the_live_decisions()
    {
        using var alice = _web.Client(_seed.ApiKeys["alice"]);
        using var bob = _web.Client(_seed.ApiKeys["bob"]);
        using var carol = _web.Client(_seed.ApiKeys["carol"]);
        var record = $"/api/reviews/{_seed.ReviewA}/records/{_seed.RecordsA[5]}/decision";
        await alice.PutAsJsonAsync(record, new { decision = "exclude", exclusionReason = "not human data" });
        await bob.PutAsJsonAsync(record, new { decision = "exclude", exclusionReason = "not human data" });

        var svg = await carol.GetStringAsync($"/api/reviews/{_seed.ReviewA}/prisma.svg");
        var ris = await carol.GetStringAsync($"/api/reviews/{_seed.ReviewA}/export?format=ris");
        var xlsx = await carol.GetByteArrayAsync($"/api/reviews/{_seed.ReviewA}/export?format=xlsx");

        Assert.StartsWith("<svg", svg);
        Assert.Contains("Records excluded by humans</text><text x=\"510\" y=\"", svg);
        Assert.Contains(">(n = 1)</text>", svg);
        Assert.Contains("automation tools (n = 0)", svg);
        Assert.Contains("Records screened", svg);
        Assert.Equal(6, ris.Split("ER  - ").Length - 1);
        Assert.Contains("N1  - Screener title/abstract: settled, exclude (not human data) by humans; alice: exclude (not human data); bob: exclude (not human data)", ris);
        var (rows, formulas) = XlsxReadBack.Read(xlsx); // opened with the Open XML SDK, not by counting tags
        Assert.Equal((7, 0), (rows.Count, formulas));
        Assert.Contains(rows.SelectMany(r => r), c => c.Value == "alice: exclude (not human data); bob: exclude (not human data)");
    }
}
