using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.Core.Embeddings;
using Screener.FakeLlm;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Ranking;

public sealed class EmbeddingTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public Task InitializeAsync() => database.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Embed_stores_one_vector_per_record_with_its_model_and_dimension_and_a_rerun_replaces_them()
    {
        var records = await RankingSeed.SeedExampleAsync(database);

        var first = await CliHarness.RunAsync(database, "embed", "--review", RankingSeed.Review, "--batch-size", "100", "--json");
        var again = await CliHarness.RunAsync(database, "embed", "--review", RankingSeed.Review, "--json");

        first.AssertExit(0);
        using var json = JsonDocument.Parse(again.Out);
        Assert.Equal(records.Count, json.RootElement.GetProperty("embedded").GetInt32());
        Assert.Equal(records.Count, json.RootElement.GetProperty("replaced").GetInt32());
        await using var db = database.CreateDbContext();
        var stored = await db.Embeddings.ToListAsync();
        Assert.Equal(records.Count, stored.Count);
        Assert.All(stored, e =>
        {
            Assert.Equal("hashed-tfidf-v1-d2048", e.Model);
            Assert.Equal(2048, e.Dimension);
            Assert.Equal(2048, e.Embedding.ToArray().Length);
        });
        Assert.Equal(records.Select(r => r.Id).Order(), stored.Select(e => e.RecordId).Order());
    }

    [Fact]
    public async Task Exact_search_returns_the_same_neighbours_as_brute_force_cosine_over_the_stored_vectors()
    {
        var records = await RankingSeed.SeedExampleAsync(database);
        await CliHarness.RunAsync(database, "embed", "--review", RankingSeed.Review);
        var target = records[10];

        var result = await CliHarness.RunAsync(database, "similar", "--review", RankingSeed.Review, "--record", target.Id.ToString(), "--top", "8", "--json");

        result.AssertExit(0);
        var found = JsonSerializer.Deserialize<FindSimilarRecordsResult>(result.Out, Screener.Cli.CliRunner.JsonOptions)!;
        await using var db = database.CreateDbContext();
        var vectors = await db.Embeddings.ToDictionaryAsync(e => e.RecordId, e => e.Embedding.ToArray());
        var query = vectors[target.Id];
        var expected = vectors.Where(v => v.Key != target.Id)
            .Select(v => (v.Key, Cosine: Cosine(query, v.Value))).OrderByDescending(v => v.Cosine).ThenBy(v => v.Key).Take(8).ToList();
        Assert.Equal(expected.Select(e => e.Key), found.Similar.Select(s => s.RecordId));
        Assert.Equal(expected[0].Cosine, found.Similar[0].Similarity, 4);
        Assert.Equal(records.Count - 1, found.Compared);
    }

    [Fact]
    public async Task A_review_over_the_index_threshold_gets_an_hnsw_index_that_the_search_uses_and_finds_the_exact_neighbours()
    {
        var records = await RankingSeed.SeedExampleAsync(database);
        var large = new Dictionary<string, string?> { ["Embeddings:IndexFromVectors"] = "200" }; // the example has 258 records
        var target = records[10];

        var embed = await CliHarness.RunAsync(database, large, "embed", "--review", RankingSeed.Review, "--json");
        var approximate = await CliHarness.RunAsync(database, large, "similar", "--review", RankingSeed.Review, "--record", target.Id.ToString(), "--top", "8", "--json");
        var exact = await CliHarness.RunAsync(database, "similar", "--review", RankingSeed.Review, "--record", target.Id.ToString(), "--top", "8", "--json");

        embed.AssertExit(0);
        var index = JsonDocument.Parse(embed.Out).RootElement.GetProperty("vectorIndex").GetString();
        Assert.StartsWith("ix_emb_hnsw_", index);
        var viaIndex = JsonSerializer.Deserialize<FindSimilarRecordsResult>(approximate.Out, Screener.Cli.CliRunner.JsonOptions)!;
        var scanned = JsonSerializer.Deserialize<FindSimilarRecordsResult>(exact.Out, Screener.Cli.CliRunner.JsonOptions)!;
        Assert.Equal($"approximate, HNSW index {index}", viaIndex.Search);
        Assert.Equal("exact", scanned.Search);
        Assert.Equal(scanned.Similar.Select(s => s.RecordId), viaIndex.Similar.Select(s => s.RecordId));
        Assert.Equal(scanned.Similar.Select(s => Math.Round(s.Similarity, 5)), viaIndex.Similar.Select(s => Math.Round(s.Similarity, 5)));

        // The index matches the search's expression and model filter: with sequential scans and sorts off, PostgreSQL
        // plans an index scan on it. 258 rows alone would be read and sorted (through the ReviewId/Model index or a
        // scan, by cost, which varied from run to run), so the planner is nudged; the point is that it can.
        await using var db = database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
        await db.Database.ExecuteSqlRawAsync("SET enable_sort = off");
        var plan = string.Join("\n", await db.Database.SqlQueryRaw<string>(
            """EXPLAIN SELECT e."RecordId" FROM "Embeddings" e WHERE e."Model" = 'hashed-tfidf-v1-d2048' AND e."Dimension" = 2048 ORDER BY e."Embedding"::halfvec(2048) <=> (SELECT "Embedding" FROM "Embeddings" LIMIT 1)::halfvec(2048) LIMIT 8""")
            .ToListAsync());
        Assert.True(plan.Contains($"Index Scan using {index}", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task A_provider_model_over_4000_dimensions_gets_no_index_and_the_search_stays_exact_and_says_why()
    {
        var records = await RankingSeed.SeedExampleAsync(database);
        await using var server = await FakeLlmServer.StartAsync();
        server.EmbeddingDimensions = 4096;
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local", ["Llm:Endpoint"] = server.OpenAIEndpoint(), ["Llm:Model"] = "chat",
            ["Llm:EmbeddingModel"] = "wide-embed", ["Embeddings:IndexFromVectors"] = "200", // the example has 258 records
        };

        var embed = await CliHarness.RunAsync(database, settings, "embed", "--review", RankingSeed.Review, "--provider", "--json");
        var similar = await CliHarness.RunAsync(database, settings, "similar", "--review", RankingSeed.Review, "--record", records[10].Id.ToString(), "--json");

        embed.AssertExit(0);
        var result = JsonDocument.Parse(embed.Out).RootElement;
        Assert.Equal(4096, result.GetProperty("dimension").GetInt32());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("vectorIndex").ValueKind);
        Assert.Contains("pgvector indexes at most 4,000 dimensions", result.GetProperty("indexNote").GetString());
        similar.AssertExit(0);
        Assert.Equal("exact", JsonSerializer.Deserialize<FindSimilarRecordsResult>(similar.Out, Screener.Cli.CliRunner.JsonOptions)!.Search);
        await using var db = database.CreateDbContext();
        Assert.Empty(await db.Database.SqlQueryRaw<string>("SELECT indexname AS \"Value\" FROM pg_indexes WHERE indexname LIKE 'ix_emb_hnsw_%'").ToListAsync());
    }

    [Fact]
    public async Task Similar_puts_the_same_record_exported_twice_first_and_flags_it_as_a_possible_duplicate()
    {
        var records = await RankingSeed.SeedExampleAsync(database);
        var original = records.First(r => !string.IsNullOrEmpty(r.Abstract));
        var copy = await RankingSeed.AddCopyAsync(database, original, duplicateOf: null);
        await CliHarness.RunAsync(database, "embed", "--review", RankingSeed.Review);

        var result = await CliHarness.RunAsync(database, "similar", "--review", RankingSeed.Review, "--record", copy.Id.ToString(), "--top", "3");

        result.AssertExit(0);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"{original.Id} [{original.ExternalId}]", lines[1]);
        Assert.Contains("possible duplicate", lines[1]);
        Assert.DoesNotContain("possible duplicate", lines[2]);
    }

    [Fact]
    public async Task Similar_for_a_record_without_embeddings_says_to_run_embed()
    {
        var records = await RankingSeed.SeedExampleAsync(database);

        var result = await CliHarness.RunAsync(database, "similar", "--review", RankingSeed.Review, "--record", records[0].Id.ToString());

        result.AssertExit(2);
        Assert.Contains("run `screener embed --review donners` first", result.Error);
    }

    [Fact]
    public async Task Embed_on_a_review_without_records_writes_nothing_and_says_so()
    {
        await CliHarness.RunAsync(database, "init", "--protocol", Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"), "--name", "empty");

        var result = await CliHarness.RunAsync(database, "embed", "--review", "empty");

        result.AssertExit(0);
        Assert.Contains("has no records yet: nothing to embed", result.Out);
        await using var db = database.CreateDbContext();
        Assert.Equal(0, await db.Embeddings.CountAsync());
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}
