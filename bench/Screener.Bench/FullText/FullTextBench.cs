using System.Diagnostics;
using System.Globalization;
using Screener.Core.FullText;
using Screener.Core.Tests.TestData;

namespace Screener.Bench.FullText;

/// <summary>
/// `bench fulltext [--papers N] [--pages P]`: generated papers (default 200 of 12 pages, two columns on every other
/// one) read, chunked and embedded as `fulltext attach` does, without the database writes (matching and storing are
/// not timed here). Prints time, pages per second (target at least 50) and peak working set (target under 500 MB).
/// </summary>
public static class FullTextBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var papers = Option(args, "--papers", 200);
        var pages = Option(args, "--pages", 12);
        var options = new FullTextOptions();
        var files = Enumerable.Range(1, papers)
            .Select(i => TestPdfs.Paper(new PaperSpec($"Synthetic paper number {i} on prediction models", $"10.5555/bench.{i}", pages, TwoColumns: i % 2 == 0, Seed: i)))
            .ToList();
        Console.WriteLine($"generated {papers} papers of {pages} pages ({files.Sum(f => (long)f.Length) / 1024:N0} KiB)");
        var clock = Stopwatch.StartNew();
        var (readPages, chunks) = (0, 0);
        foreach (var file in files)
        {
            var parsed = FullTextFileReader.Read(file, "paper.pdf", CancellationToken.None);
            if (parsed.Status != FullTextStatus.Text) throw new InvalidOperationException($"a generated paper was not read: {parsed.Reason}");
            var spans = Chunker.Chunk(parsed.Pages, options.ChunkTokens, options.ChunkOverlapTokens);
            using var embedder = (Screener.Core.Embeddings.HashedTfidfEmbeddingGenerator)ChunkEmbedder.For(spans.Select(s => s.Text).ToList(), null);
            foreach (var span in spans) embedder.Embed(span.Text);
            readPages += parsed.Pages.Count;
            chunks += spans.Count;
        }
        clock.Stop();
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read {readPages} pages into {chunks} chunks in {seconds:F1} s: {readPages / seconds:F1} pages/s (target >= 50), {papers / seconds:F2} papers/s; peak working set {peak:F0} MB (target < 500)"));
        return Task.FromResult(0);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
