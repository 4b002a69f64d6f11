using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Screener.Bench.Screening;
using Screener.Core.FullText;
using Screener.Core.HumanScreening;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.Core.Tests.TestData;
using Screener.Core.Vocabulary;
using Screener.FakeLlm;

namespace Screener.Bench.FullText;

/// <summary>
/// `bench fulltext [--papers N] [--pages P] [--concurrency C] [--delay-ms D]`: generated PDF papers (default 200 of 12
/// pages, two columns on every other one), in three phases:
/// 1. read, chunk and embed in memory (the parsing cost alone);
/// 2. `fulltext attach` of the folder into a fresh database whose review holds one record per paper, each included at
///    title/abstract: matching by DOI, hashing, storing pages and embedded chunks;
/// 3. `screen --stage fulltext` of those records against the loopback LLM answering after D ms (200), C calls at a time
///    (16): wall time against the ideal ceil(N/C)*D.
/// Prints pages per second (target at least 50) and peak working set (target under 500 MB) of each phase.
/// </summary>
public static class FullTextBench
{
    private const string Review = "bench-fulltext";

    public static async Task<int> RunAsync(string[] args)
    {
        var papers = ScreenBenchSetup.Arg(args, "--papers", 200);
        var pages = ScreenBenchSetup.Arg(args, "--pages", 12);
        var concurrency = ScreenBenchSetup.Arg(args, "--concurrency", 16);
        var delayMs = ScreenBenchSetup.Arg(args, "--delay-ms", 200);
        Console.WriteLine($"fulltext: {papers} papers of {pages} pages; {ScreenBenchSetup.Machine()}");
        var files = Enumerable.Range(1, papers)
            .Select(i => TestPdfs.Paper(new PaperSpec(Title(i), Doi(i), pages, TwoColumns: i % 2 == 0, Seed: i)))
            .ToList();
        Console.WriteLine($"  generated {files.Sum(f => (long)f.Length) / 1024:N0} KiB of PDF");

        ReadInMemory(files, pages);

        var folder = Directory.CreateTempSubdirectory("screener-bench-fulltext-");
        try
        {
            for (var i = 0; i < files.Count; i++) await File.WriteAllBytesAsync(Path.Combine(folder.FullName, $"paper-{i + 1:D4}.pdf"), files[i]);
            files.Clear();
            await using var setup = await ScreenBenchSetup.CreateEmptyAsync("screener_bench_fulltext");
            var protocol = await SeedReviewAsync(setup, papers, folder.FullName);
            var attached = await AttachAsync(setup, folder.FullName, papers);
            var screened = await ScreenAsync(setup, concurrency, delayMs, papers);
            File.Delete(protocol);
            Console.WriteLine($"  at the end: {ScreenBenchSetup.Machine()}");
            return attached && screened ? 0 : 1;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Title(int i) => $"Synthetic paper number {i} on prediction models";

    private static string Doi(int i) => $"10.5555/bench.{i}";

    /// <summary>Phase 1: what `fulltext attach` does per file before the database (read, chunk, embed).</summary>
    private static void ReadInMemory(IReadOnlyList<byte[]> files, int pagesPerPaper)
    {
        var options = new FullTextOptions();
        GC.Collect();
        using var sampler = new MemorySampler();
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        var (readPages, chunks) = (0, 0);
        var stages = new Stopwatch[3].Select(_ => new Stopwatch()).ToArray(); // read, chunk, embed
        foreach (var file in files)
        {
            stages[0].Start();
            var parsed = FullTextFileReader.Read(file, "paper.pdf", CancellationToken.None);
            stages[0].Stop();
            if (parsed.Status != FullTextStatus.Text) throw new InvalidOperationException($"a generated paper was not read: {parsed.Reason}");
            stages[1].Start();
            var spans = Chunker.Chunk(parsed.Pages, options.ChunkTokens, options.ChunkOverlapTokens);
            stages[1].Stop();
            stages[2].Start();
            using var embedder = (Screener.Core.Embeddings.HashedTfidfEmbeddingGenerator)ChunkEmbedder.For(spans.Select(s => s.Text).ToList(), null);
            foreach (var span in spans) embedder.Embed(span.Text);
            stages[2].Stop();
            readPages += parsed.Pages.Count;
            chunks += spans.Count;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        cpu = Cpu() - cpu;
        Print($"  1. read in memory: {readPages} pages ({files.Count} x {pagesPerPaper} expected) into {chunks} chunks in {seconds:F1} s: {readPages / seconds:F1} pages/s (target >= 50); CPU {cpu:F1} s = {readPages / cpu:F1} pages per CPU-second; max working set sampled {sampler.MaxWorkingSet / 1048576.0:F0} MB (target < 500)");
        Print($"     wall time by stage: PDF text and layout {stages[0].Elapsed.TotalSeconds:F1} s, chunking {stages[1].Elapsed.TotalSeconds:F1} s, embedding {stages[2].Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A review on a single-reviewer copy of the bundled protocol, one record per paper (its title and DOI), each included at title/abstract.</summary>
    private static async Task<string> SeedReviewAsync(ScreenBenchSetup setup, int papers, string folder)
    {
        var protocol = Path.Combine(Path.GetTempPath(), $"screener-bench-fulltext-{Environment.ProcessId}.yaml");
        var yaml = await File.ReadAllTextAsync(ScreenBenchSetup.ProtocolPath);
        await File.WriteAllTextAsync(protocol, yaml.Replace("dual_human_review: true", "dual_human_review: false", StringComparison.Ordinal));
        var ris = new StringBuilder();
        for (var i = 1; i <= papers; i++)
            ris.Append(CultureInfo.InvariantCulture, $"TY  - JOUR\nTI  - {Title(i)}\nAB  - A synthetic abstract of paper {i}.\nDO  - {Doi(i)}\nPY  - 2026\nER  - \n\n");
        var export = Path.Combine(Path.GetTempPath(), $"screener-bench-fulltext-{Environment.ProcessId}.ris");
        await File.WriteAllTextAsync(export, ris.ToString());
        await using var db = setup.Open();
        var init = await InitReview.RunAsync(db, TimeProvider.System, new InitReviewRequest(Review, protocol), CancellationToken.None);
        await ImportRecords.RunAsync(db, TimeProvider.System, new ImportRecordsRequest(Review, [export], "bench"), CancellationToken.None);
        File.Delete(export);
        await AddReviewer.RunAsync(db, TimeProvider.System, new AddReviewerRequest("bench", "Bench", ReviewerRole.Reviewer, null), CancellationToken.None);
        await AddMembership.RunAsync(db, new AddMembershipRequest(Review, "bench", ReviewerRole.Reviewer), CancellationToken.None);
        var reviewer = await ReviewAccess.RequireByNameAsync(db, Review, "bench", CancellationToken.None);
        var ids = db.Records.Where(r => r.ReviewId == init.ReviewId).Select(r => r.Id).ToList();
        foreach (var id in ids)
            await RecordDecision.RunAsync(db, TimeProvider.System, reviewer,
                new DecideRequest(id, ReviewStage.TitleAbstract, ScreeningDecision.Include, null, null), CancellationToken.None);
        Print($"  review {Review}: {ids.Count} records imported and included at title/abstract; files in {folder}");
        return protocol;
    }

    /// <summary>Phase 2: `fulltext attach` of the folder, as the CLI runs it (offline embedder).</summary>
    private static async Task<bool> AttachAsync(ScreenBenchSetup setup, string folder, int papers)
    {
        await using var db = setup.Open();
        GC.Collect();
        using var sampler = new MemorySampler();
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        var result = await AttachFullTexts.RunAsync(db, TimeProvider.System, new AttachFullTextsRequest(Review, [folder]), new FullTextOptions(), null, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        cpu = Cpu() - cpu;
        var matchedByDoi = result.Files.Count(f => f.MatchedBy == "doi");
        var storedPages = await setup.ScalarAsync("SELECT count(*) FROM \"FullTextPages\"");
        var storedChunks = await setup.ScalarAsync("SELECT count(*) FROM \"FullTextChunks\"");
        Print($"  2. attach into PostgreSQL: {result.Attached}/{papers} attached ({matchedByDoi} by DOI), {result.Ambiguous} ambiguous, {result.Unmatched} unmatched, {result.Failed} failed; {result.Pages} pages ({storedPages} stored, {storedChunks} chunks) in {seconds:F1} s: {result.Pages / seconds:F1} pages/s (target >= 50), {seconds / papers * 1000:F0} ms per paper; CPU of this process {cpu:F1} s = {result.Pages / cpu:F1} pages per CPU-second (PostgreSQL not counted); max working set sampled {sampler.MaxWorkingSet / 1048576.0:F0} MB (target < 500)");
        return result.Attached == papers;
    }

    /// <summary>Phase 3: `screen --stage fulltext` against the loopback LLM, as a share of its ideal wall time.</summary>
    private static async Task<bool> ScreenAsync(ScreenBenchSetup setup, int concurrency, int delayMs, int papers)
    {
        await using var server = await FakeLlmServer.StartAsync(_ => new FakeLlmReply
        {
            Content = Reply,
            Delay = TimeSpan.FromMilliseconds(delayMs),
            PromptTokens = 6000,
            CompletionTokens = 200,
        });
        server.RecordRequests = false;
        await using var services = ScreenBench.Services(setup.ConnectionString, server.OpenAIEndpoint(), concurrency);
        var screen = services.GetRequiredService<ScreenRecords>();
        GC.Collect();
        using var sampler = new MemorySampler();
        var cpu = Cpu();
        var clock = Stopwatch.StartNew();
        var result = await screen.RunAsync(new ScreenRequest(Review, Stage: ReviewStage.FullText), null, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        cpu = Cpu() - cpu;
        var ideal = Math.Ceiling(papers / (double)concurrency) * delayMs / 1000.0;
        var grounded = await setup.ScalarAsync($"SELECT count(*) FROM \"Suggestions\" WHERE \"RunId\" = {result.RunId} AND cardinality(\"Flags\") = 0");
        Print($"  3. full-text screening: {result.Processed} screened ({result.Suggested} parsed, {result.Unparseable} unparseable, {result.Failed} failed, {grounded} without flags) in {seconds:F2} s; ideal {ideal:F1} s = ceil({papers}/{concurrency}) x {delayMs / 1000.0:F1} s: {100 * ideal / seconds:F1}% of ideal; CPU of this process {cpu:F1} s = {1000 * cpu / Math.Max(1, result.Processed):F0} ms per paper (LLM server included); max working set sampled {sampler.MaxWorkingSet / 1048576.0:F0} MB; server max in flight {server.MaxConcurrent}");
        return result.Suggested == papers;
    }

    // Every paper's title holds "on prediction models" on page 1: a quote the grounding finds on the page it names.
    private const string Reply = """
        {"criteria":[{"id":"I1","verdict":"met","evidence":"on prediction models","page":1,"reason":"title"},
                     {"id":"I2","verdict":"unclear","evidence":"","page":null,"reason":""},
                     {"id":"I3","verdict":"unclear","evidence":"","page":null,"reason":""},
                     {"id":"I4","verdict":"met","evidence":"","page":null,"reason":"English"}],
         "decision":"include","exclusion_reason":null,"confidence":0.7}
        """;

    /// <summary>This process's CPU seconds: on a shared machine wall time moves with the load, CPU time much less.</summary>
    private static double Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static void Print(FormattableString line) => Console.WriteLine(FormattableString.Invariant(line));
}
