using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Screener.Core.Dedup;
using Screener.Core.Persistence;
using Screener.Core.Records;
using Screener.Core.Records.Formats;
using Screener.Core.Reviews;

namespace Screener.Bench.Records;

/// <summary>
/// `import [--records N] [--shared PATH]`: writes an N-record RIS export (default 100,000) from the real eval data,
/// then measures the parse rate, the import into PostgreSQL (a scratch database, dropped after) and dedup,
/// and prints the process's peak memory.
/// </summary>
internal static class ImportBench
{
    private const string AdminConnection = "Host=127.0.0.1;Port=5432;Username=screener;Database=postgres;Pooling=false;SSL Mode=Disable";

    public static async Task<int> RunAsync(string[] args)
    {
        var records = int.Parse(Option(args, "--records") ?? "100000", System.Globalization.CultureInfo.InvariantCulture);
        var screening = BenchCorpus.EvalScreening(Option(args, "--shared"));
        var path = Path.Combine(Path.GetTempPath(), $"screener-bench-{records}.ris");
        var sw = Stopwatch.StartNew();
        await BenchCorpus.WriteRisAsync(screening, path, records);
        Console.WriteLine($"wrote {records:N0} records to {path} ({new FileInfo(path).Length / 1e6:F1} MB) in {sw.Elapsed.TotalSeconds:F1} s");
        GC.Collect();

        for (var run = 1; run <= 3; run++)
        {
            var cpu = Cpu();
            sw.Restart();
            var parsed = 0;
            using (var lines = new LineSource(File.OpenRead(path), path))
                foreach (var r in new RisReader().Read(lines, CancellationToken.None)) if (r.Record is not null) parsed++;
            var cpuSeconds = (Cpu() - cpu).TotalSeconds;
            Console.WriteLine($"parse run {run}: {parsed:N0} records in {sw.Elapsed.TotalSeconds:F2} s = {parsed / sw.Elapsed.TotalSeconds:N0} records/s " +
                $"(process CPU {cpuSeconds:F2} s = {parsed / cpuSeconds:N0} records per CPU-second)");
        }

        PrintPeak("after parsing");
        if (args.Contains("--pure"))
        {
            var candidates = new List<Screener.Core.Dedup.DedupCandidate>();
            using (var lines = new LineSource(File.OpenRead(path), path))
                foreach (var r in new RisReader().Read(lines, CancellationToken.None))
                    if (r.Record is { } p)
                        candidates.Add(new(candidates.Count + 1, 1, p.Title, p.Authors, p.Year, p.Journal, p.Doi, p.Pmid, p.Abstract is not null, p.Keywords.Count, false));
                    else Console.WriteLine(r.Error);
            sw.Restart();
            var titles = candidates.Select(c => Screener.Core.Dedup.DedupKeys.Title(c.Title)).ToList();
            Console.WriteLine($"  titles: {sw.Elapsed.TotalSeconds:F2} s");
            sw.Restart();
            foreach (var t in titles) _ = Screener.Core.Dedup.TitleSimilarity.Trigrams(t.Replace(" ", ""));
            Console.WriteLine($"  trigrams: {sw.Elapsed.TotalSeconds:F2} s");
            sw.Restart();
            foreach (var c in candidates) _ = Screener.Core.Dedup.DedupKeys.FirstAuthor(c.Authors);
            foreach (var c in candidates) _ = Screener.Core.Dedup.DedupKeys.Doi(c.Doi);
            Console.WriteLine($"  authors and DOIs: {sw.Elapsed.TotalSeconds:F2} s");
            sw.Restart();
            var keyed = candidates.Select(c => new Screener.Core.Dedup.DedupKeyed(c)).ToArray();
            foreach (var k in keyed) _ = k.Trigrams.Length + k.TitleWords.Length;
            Console.WriteLine($"  keys and trigrams: {sw.Elapsed.TotalSeconds:F2} s");
            sw.Restart();
            Screener.Core.Dedup.FuzzyTitles.Link(keyed, new Screener.Core.Dedup.DuplicateGraph(keyed.Length, (_, _) => true), Screener.Core.Dedup.DedupSettings.Default);
            Console.WriteLine($"  fuzzy stage alone: {sw.Elapsed.TotalSeconds:F2} s");
            sw.Restart();
            var found = Screener.Core.Dedup.DuplicateFinder.Find(candidates);
            Console.WriteLine($"pure dedup of {candidates.Count:N0} records: {found.Count:N0} duplicates in {sw.Elapsed.TotalSeconds:F2} s");
            return 0;
        }
        var database = $"screener_bench_{Environment.ProcessId}";
        await AdminAsync($"CREATE DATABASE \"{database}\"");
        try
        {
            await using var db = Open(database);
            await MigrateDatabase.RunAsync(db, CancellationToken.None);
            var protocol = Path.Combine(RepoRoot(), "examples", "donners2021-emicizumab", "protocol.yaml");
            await InitReview.RunAsync(db, TimeProvider.System, new InitReviewRequest("bench", protocol), CancellationToken.None);

            sw.Restart();
            var imported = await ImportRecords.RunAsync(db, TimeProvider.System, new ImportRecordsRequest("bench", [path], "bench"), CancellationToken.None);
            Console.WriteLine($"import (parse + COPY into PostgreSQL): {imported.Imported:N0} records in {sw.Elapsed.TotalSeconds:F2} s = {imported.Imported / sw.Elapsed.TotalSeconds:N0} records/s");

            var dedupCpu = Cpu();
            sw.Restart();
            var dedup = await DeduplicateRecords.RunAsync(db, TimeProvider.System, new DeduplicateRecordsRequest("bench"), CancellationToken.None);
            Console.WriteLine($"dedup: {dedup.RecordsCompared:N0} records in {sw.Elapsed.TotalSeconds:F2} s: {dedup.NewDuplicates:N0} duplicates (" +
                string.Join(", ", dedup.ByReason.Select(b => $"{b.Reason} {b.Duplicates:N0}")) + $"), {dedup.FieldsMerged:N0} fields merged; " +
                $"process CPU {(Cpu() - dedupCpu).TotalSeconds:F2} s (PostgreSQL's own time not included); " +
                $"{dedup.Passes} pass(es), {(dedup.Settled ? "settled" : "NOT settled")}");

            sw.Restart();
            var again = await DeduplicateRecords.RunAsync(db, TimeProvider.System, new DeduplicateRecordsRequest("bench"), CancellationToken.None);
            Console.WriteLine($"dedup again (idempotence): {again.NewDuplicates} new duplicates in {sw.Elapsed.TotalSeconds:F2} s");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Screener.Bench.Screening.ScreenBenchSetup.DropAsync(database);
            File.Delete(path);
        }
        PrintPeak("at the end");
        return 0;
    }

    private static void PrintPeak(string when)
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"{when} (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores): peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MB; GC heap now {GC.GetTotalMemory(false) / 1048576.0:F0} MB; " +
            $"max GC heap seen {GC.GetGCMemoryInfo(GCKind.Any).HeapSizeBytes / 1048576.0:F0} MB");
    }

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static ScreenerDbContext Open(string database)
    {
        var options = new DbContextOptionsBuilder<ScreenerDbContext>();
        ScreenerDatabase.Configure(options, new NpgsqlConnectionStringBuilder(AdminConnection) { Database = database, Pooling = true }.ConnectionString);
        return new ScreenerDbContext(options.Options);
    }

    private static async Task AdminAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(AdminConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    internal static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Screener.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Screener.sln");
    }
}
