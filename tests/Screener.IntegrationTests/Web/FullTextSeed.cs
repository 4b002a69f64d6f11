using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Screener.Core.FullText;
using Screener.Core.Jobs;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Web;

/// <summary>
/// A seeded record taken to full text: settled include at title/abstract by alice and bob (through the API), a
/// three-page text attached to it by hand, and a full-text suggestion whose quotes sit on their cited
/// page (I1), on another page than cited (I2) and nowhere (I3), as ReplyAssessment.AssessFullText stores them.
/// </summary>
public static class FullTextSeed
{
    public static readonly string[] Pages =
    [
        "Emicizumab pharmacokinetics in children\nThis study reports trough concentrations in twelve children with haemophilia A.",
        "Methods\nPlasma samples were taken weekly and measured by a validated assay.",
        "Results\nMean trough levels stayed above 50 ug/mL during maintenance dosing.",
    ];

    public const string OnCitedPage = "Plasma samples were taken weekly";
    public const string OnAnotherPage = "trough concentrations in twelve children";
    public const string Nowhere = "a randomised trial of 400 adults";

    public static async Task IncludeAtTitleAbstractAsync(WebTestApp web, SeededReviews seed, long record)
    {
        foreach (var user in new[] { "alice", "bob" })
        {
            using var client = web.Client(seed.ApiKeys[user]);
            var reply = await client.PutAsJsonAsync($"/api/reviews/{seed.ReviewA}/records/{record}/decision", new { decision = "include" });
            reply.EnsureSuccessStatusCode();
        }
    }

    /// <summary>The text attached by hand to the record, as `fulltext attach --record` does (the browser tests have no CLI).</summary>
    public static async Task AttachTextAsync(TestDatabase database, long record)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("screener-fulltext-").FullName, "paper.txt");
        await File.WriteAllTextAsync(file, string.Join('\f', Pages));
        await using var db = database.CreateDbContext();
        var attach = await AttachFullTexts.RunAsync(db, new FakeTimeProvider(DateTimeOffset.UnixEpoch), new AttachFullTextsRequest("A", [file], record),
            new FullTextOptions(), null, CancellationToken.None);
        Assert.Equal(AttachOutcome.Attached, attach.Files.Single().Outcome);
    }

    public static async Task AddSuggestionAsync(TestDatabase database, long reviewId, long record)
    {
        await using var db = database.CreateDbContext();
        var version = db.ProtocolVersions.Single(p => p.ReviewId == reviewId);
        var run = new ScreeningRun { ReviewId = reviewId, ProtocolVersionId = version.Id, Provider = "test", Model = "test-model", Stage = RunStage.FullTextScreening };
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        db.Suggestions.Add(new LlmSuggestion
        {
            RunId = run.Id,
            RecordId = record,
            Slot = "main",
            IdempotencyKey = $"fulltext-seed-{record}",
            Status = SuggestionStatus.Parsed,
            Decision = ScreeningDecision.Include,
            Confidence = 0.8,
            Verdicts =
            [
                new("I1", Verdict.Met, OnCitedPage, true, null, Page: 2, FoundOnPage: 2),
                new("I2", Verdict.Met, OnAnotherPage, true, null, Page: 3, FoundOnPage: 1),
                new("I3", Verdict.Unclear, Nowhere, false, null, Page: 2),
            ],
            Flags = [ReplyAssessment.QuoteOnOtherPagePrefix + "I2", ReplyAssessment.UngroundedQuotePrefix + "I3"],
            Audit = new LlmCallAudit
            {
                ProtocolHash = version.Hash, PromptId = "screening-fulltext", PromptVersion = "v1", PromptHash = "h", RenderedPromptHash = "r", Model = "test-model",
            },
        });
        await db.SaveChangesAsync();
    }
}
