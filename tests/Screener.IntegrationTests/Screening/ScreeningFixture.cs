using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core;
using Screener.Core.Jobs;
using Screener.Core.Llm;
using Screener.Core.Persistence;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.IntegrationTests.Infrastructure;
using Record = Screener.Core.Records.Record;

namespace Screener.IntegrationTests.Screening;

/// <summary>Seeds a review with records and builds the screening use case over a given chat client.</summary>
internal static class ScreeningFixture
{
    public const string ReviewName = "statins";

    public const string ProtocolYaml = """
        title: Statins in older adults
        question: Do statins reduce mortality in adults over 65?
        picos:
          population: adults aged 65 or over
          intervention: statins
          comparison: placebo or usual care
          outcomes: all-cause mortality
          study_design: randomised controlled trials
        inclusion_criteria:
          - id: I1
            text: Adults aged 65 or over.
          - id: I2
            text: Randomised controlled trial of a statin.
        exclusion_criteria:
          - id: E1
            text: Animal or in-vitro study.
        exclusion_reasons: [wrong population, wrong design, animal study]
        """;

    public static async Task<List<Record>> SeedAsync(TestDatabase database, int records, Func<int, string>? abstractOf = null, string protocolYaml = ProtocolYaml)
    {
        await using var db = database.CreateDbContext();
        var path = Path.Combine(Path.GetTempPath(), $"statins-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, protocolYaml);
        var init = await InitReview.RunAsync(db, TimeProvider.System, new InitReviewRequest(ReviewName, path), CancellationToken.None);
        File.Delete(path);
        var source = new ImportSource { ReviewId = init.ReviewId, SourceName = "test", FileName = "seed", FileSha256 = Guid.NewGuid().ToString("N"), ImportedAt = DateTimeOffset.UtcNow };
        db.ImportSources.Add(source);
        await db.SaveChangesAsync();
        var list = Enumerable.Range(1, records).Select(i => new Record
        {
            ReviewId = init.ReviewId, ImportSourceId = source.Id, SourcePosition = i, SourceLine = i,
            Title = $"Atorvastatin trial number {i} in adults aged 70 and over",
            Abstract = abstractOf?.Invoke(i) ?? $"We randomised {100 + i} adults aged 70 or older to atorvastatin or placebo.",
        }).ToList();
        db.Records.AddRange(list);
        await db.SaveChangesAsync();
        // Seeded records are unique: the review stands as after `dedup`, so `screen` has nothing to ask about.
        await db.Reviews.Where(r => r.Id == init.ReviewId).ExecuteUpdateAsync(u => u.SetProperty(r => r.DeduplicatedAt, DateTimeOffset.UtcNow));
        return list;
    }

    public static ServiceProvider Services(TestDatabase database, IChatClient chat, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Screener"] = database.ConnectionString,
            ["Llm:Provider"] = "local", ["Llm:Model"] = "test-model", ["Llm:MaxConcurrency"] = "4",
            ["Llm:Prices:test-model:Input"] = "2", ["Llm:Prices:test-model:Output"] = "10",
            ["Jobs:LeaseSeconds"] = "30", ["Llm:Endpoint"] = "http://127.0.0.1:9/v1",
        };
        foreach (var (k, v) in settings ?? []) values[k] = v;
        var configuration = ScreenerServices.BuildConfiguration(overrides: values);
        return new ServiceCollection().AddScreenerCore(configuration).AddSingleton<ChatClientSelector>((_, _) => chat).BuildServiceProvider();
    }

    public static string IncludeReply(string evidence = "adults aged 70 or older") => $$"""
        {"criteria":[{"id":"I1","verdict":"met","evidence":"{{evidence}}","reason":"age"},
                     {"id":"I2","verdict":"met","evidence":"randomised","reason":"RCT"},
                     {"id":"E1","verdict":"not_met","evidence":"","reason":"humans"}],
         "decision":"include","exclusion_reason":null,"confidence":0.9}
        """;

    public static ScreenRecords Screen(ServiceProvider services) => services.GetRequiredService<ScreenRecords>();

    /// <summary>What a run must end with after any crash and rerun: one suggestion per record, none twice, every item done.</summary>
    public static async Task AssertOneSuggestionPerRecordAsync(ScreenerDbContext db, int records)
    {
        Assert.Equal(records, await db.Suggestions.CountAsync());
        Assert.Equal(records, await db.Suggestions.Select(s => s.RecordId).Distinct().CountAsync());
        Assert.Equal(records, await db.WorkItems.CountAsync(w => w.Status == WorkItemStatus.Done));
    }
}
