using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Screener.Core;
using Screener.Core.Jobs;
using Screener.Core.Llm;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using Screener.IntegrationTests.Infrastructure;
using static Screener.IntegrationTests.Screening.ScreeningFixture;

namespace Screener.IntegrationTests.Llm;

/// <summary>
/// `screener screen` and `screener extract` with Llm:Provider=llamasharp and the real (tiny, nonsense-speaking)
/// stories260K GGUF model in tests/models: loading, batched decoding, the reply grammar, the audit and the failures.
/// </summary>
public sealed class LocalModelTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    public static string ModelPath => Path.Combine(Paths.RepoRoot, "tests", "models", "stories260K.gguf");
    private const string ModelSha256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

    /// <summary>A sampled slot (temperature above 0, its own seed), so determinism is not just greedy decoding.</summary>
    private const string SampledSlots = """

        screening:
          slots:
            - name: main
              prompt: screening/v1
              temperature: 0.8
              seed: 7
        """;

    private const string FormYaml = """

        extraction_form:
          - name: sample_size
            type: integer
            description: Number randomised.
            required: true
          - name: design
            type: enum
            description: Design.
            required: true
            values: [RCT, cohort]
        """;

    public static Dictionary<string, string?> Settings(string? modelPath = null, int parallel = 4) => new()
    {
        ["Llm:Provider"] = "llamasharp", ["Llm:ModelPath"] = modelPath ?? ModelPath, ["Llm:ContextSize"] = "4096",
        ["Llm:ParallelSequences"] = $"{parallel}", ["Llm:MaxConcurrency"] = "4", ["Llm:GrammarMaxStringLength"] = "16",
        // One thread: llama.cpp's worker threads spin while waiting, which a shared test machine punishes badly.
        ["Llm:Threads"] = "1",
        // Short replies keep the tests fast; the grammar still forces a complete reply well inside this budget.
        ["Screening:MaxOutputTokens"] = "400",
    };

    [Fact]
    public async Task Twenty_records_screened_with_the_gguf_model_all_parse_and_fill_the_audit()
    {
        await SeedAsync(database, 20, protocolYaml: ProtocolYaml + SampledSlots);

        var result = await CliHarness.RunAsync(database, Settings(), "screen", "--review", ReviewName, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(20, json.RootElement.GetProperty("suggested").GetInt32());
        await using var db = database.CreateDbContext();
        var suggestions = await db.Suggestions.ToListAsync();
        Assert.Equal(20, suggestions.Count);
        Assert.All(suggestions, s =>
        {
            Assert.Equal(SuggestionStatus.Parsed, s.Status);
            Assert.True(s.Audit.PromptTokens > 0 && s.Audit.CompletionTokens > 0);
            Assert.Equal(0m, s.Audit.Cost);
            Assert.Equal("stories260K", s.Audit.Model);
            var local = JsonNode.Parse(s.Audit.ParametersJson)!["local_model"]!;
            Assert.Equal(ModelSha256, local["model_sha256"]!.GetValue<string>());
            Assert.Equal(1_185_376, local["model_bytes"]!.GetValue<long>());
            Assert.Equal("gbnf from json schema 'screening_reply'", local["grammar"]!.GetValue<string>());
            Assert.Equal(7u, local["sampling"]!["seed"]!.GetValue<uint>());
            Assert.Equal(0.8, local["sampling"]!["temperature"]!.GetValue<double>(), 3);
        });
    }

    /// <summary>
    /// One sequence at a time: llama.cpp's arithmetic depends on which records share a batch (different kernels and
    /// summation order), so bit-identical replies across runs need ParallelSequences=1 (README, "Local model").
    /// </summary>
    [Fact]
    public async Task The_same_seed_gives_the_same_replies_on_a_second_run()
    {
        await SeedAsync(database, 6, protocolYaml: ProtocolYaml + SampledSlots);
        Assert.Equal(0, (await CliHarness.RunAsync(database, Settings(parallel: 1), "screen", "--review", ReviewName)).ExitCode);
        var first = await RepliesAsync();
        await database.ResetAsync();
        await SeedAsync(database, 6, protocolYaml: ProtocolYaml + SampledSlots);
        Assert.Equal(0, (await CliHarness.RunAsync(database, Settings(parallel: 1), "screen", "--review", ReviewName)).ExitCode);

        Assert.Equal(first, await RepliesAsync());
        Assert.Equal(6, first.Count);
    }

    [Fact]
    public async Task Five_records_drafted_for_extraction_with_the_gguf_model_all_parse()
    {
        await SeedAsync(database, 5, protocolYaml: ProtocolYaml + FormYaml);

        var result = await CliHarness.RunAsync(database, Settings(), "extract", "--review", ReviewName, "--records", "all", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        await using var db = database.CreateDbContext();
        var drafts = await db.ExtractionDrafts.ToListAsync();
        Assert.Equal(5, drafts.Count);
        Assert.Equal(10, await db.ExtractionFields.CountAsync());
        Assert.All(drafts, d => Assert.Equal(SuggestionStatus.Parsed, d.Status));
        Assert.All(drafts, d => Assert.Contains("gbnf from json schema 'extraction_reply'", d.Audit.ParametersJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_model_file_exits_2_naming_the_file_before_any_work_item_exists()
    {
        await SeedAsync(database, 2);
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-model-{Guid.NewGuid():N}.gguf");

        var result = await CliHarness.RunAsync(database, Settings(missing), "screen", "--review", ReviewName);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.WorkItems.CountAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_gguf_exits_2_saying_so()
    {
        await SeedAsync(database, 2);
        var notGguf = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.gguf");
        await File.WriteAllTextAsync(notGguf, "<html>a download page, not a model</html>");
        try
        {
            var result = await CliHarness.RunAsync(database, Settings(notGguf), "screen", "--review", ReviewName);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains(notGguf, result.Error, StringComparison.Ordinal);
            Assert.Contains("not a GGUF model", result.Error, StringComparison.Ordinal);
            await using var db = database.CreateDbContext();
            Assert.Equal(0, await db.WorkItems.CountAsync());
        }
        finally
        {
            File.Delete(notGguf);
        }
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_fails_each_record_with_its_cause_not_the_run()
    {
        await SeedAsync(database, 3);
        var settings = Settings();
        settings["Llm:ContextSize"] = "512"; // the screening prompt alone is about 2,000 tokens of this tokenizer

        var result = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--json");

        Assert.Equal(1, result.ExitCode); // every record failed: the exit code says so, the run itself completed
        await using var db = database.CreateDbContext();
        var items = await db.WorkItems.ToListAsync();
        Assert.Equal(3, items.Count);
        Assert.All(items, w =>
        {
            Assert.Equal(WorkItemStatus.Failed, w.Status);
            Assert.Contains("over Llm:ContextSize 512", w.LastError, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Two_slots_naming_the_model_share_one_load()
    {
        const string twoSlots = """

            screening:
              slots:
                - name: a
                  prompt: screening/v1
                  temperature: 0
                - name: b
                  prompt: screening/v1
                  temperature: 0.5
                  seed: 3
            """;
        await SeedAsync(database, 2, protocolYaml: ProtocolYaml + twoSlots);
        var settings = Settings();
        settings["Llm:ModelPath"] = Path.Combine(Paths.RepoRoot, "tests", "models", ".", "stories260K.gguf"); // same file, other spelling
        var loadsBefore = LlamaModels.LoadCount;

        var result = await CliHarness.RunAsync(database, settings, "screen", "--review", ReviewName, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(LlamaModels.LoadCount - loadsBefore <= 1, $"{LlamaModels.LoadCount - loadsBefore} loads");
        await using var db = database.CreateDbContext();
        var suggestions = await db.Suggestions.ToListAsync();
        Assert.Equal(4, suggestions.Count);
        Assert.Equal(2, suggestions.Select(s => s.Slot).Distinct().Count());
        Assert.Single(suggestions.Select(s => JsonNode.Parse(s.Audit.ParametersJson)!["local_model"]!["model_sha256"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task Cancelling_mid_run_keeps_what_was_saved_and_a_rerun_finishes_without_duplicates()
    {
        await SeedAsync(database, 6);
        var values = Settings(parallel: 1);
        values["ConnectionStrings:Screener"] = database.ConnectionString;
        values["Llm:MaxConcurrency"] = "1";
        await using var services = new ServiceCollection().AddScreenerCore(ScreenerServices.BuildConfiguration(overrides: values)).BuildServiceProvider();
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Done >= 2) cts.Cancel(); });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            services.GetRequiredService<ScreenRecords>().RunAsync(new ScreenRequest(ReviewName), progress, cts.Token));
        await using (var db = database.CreateDbContext())
            Assert.InRange(await db.Suggestions.CountAsync(), 2, 5);

        await services.GetRequiredService<ScreenRecords>().RunAsync(new ScreenRequest(ReviewName), null, CancellationToken.None);
        await using var after = database.CreateDbContext();
        await AssertOneSuggestionPerRecordAsync(after, 6);
    }

    private sealed class SynchronousProgress(Action<ScreenProgress> report) : IProgress<ScreenProgress>
    {
        public void Report(ScreenProgress value) => report(value);
    }

    private async Task<List<string>> RepliesAsync()
    {
        await using var db = database.CreateDbContext();
        return await db.Suggestions.OrderBy(s => s.RecordId).Select(s => s.Audit.RawReply!).ToListAsync();
    }
}
