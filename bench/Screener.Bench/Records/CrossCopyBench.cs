using Screener.Core.Dedup;
using Screener.Core.Records.Formats;

namespace Screener.Bench.Records;

/// <summary>
/// `dedup-crosscopy [--sample N] [--seed S] [--shared PATH]`: dedups each SYNERGY copy together with its Cohen copy
/// (the same three reviews, exported years apart) in memory, counts the pairs linked across the copies by
/// reason, and prints a seeded random sample of fuzzy/title pairs to check by hand.
/// </summary>
internal static class CrossCopyBench
{
    private static readonly (string Synergy, string Cohen)[] Pairs =
        [("synergy_Chou_2003", "cohen2006_Opiods"), ("synergy_Chou_2004", "cohen2006_SkeletalMuscleRelaxants"), ("synergy_Nelson_2002", "cohen2006_Estrogens")];

    public static Task<int> RunAsync(string[] args)
    {
        var screening = BenchCorpus.EvalScreening(ImportBench.Option(args, "--shared"));
        if (ImportBench.Option(args, "--within") is { } dataset) return Task.FromResult(Within(Path.Combine(screening, dataset, "records.csv")));
        var sampleSize = int.Parse(ImportBench.Option(args, "--sample") ?? "50", System.Globalization.CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(ImportBench.Option(args, "--seed") ?? "2026", System.Globalization.CultureInfo.InvariantCulture));
        var sample = new List<string>();
        foreach (var (synergy, cohen) in Pairs)
        {
            var records = new List<(DedupCandidate Candidate, ParsedRecord Record)>();
            AddFile(records, Path.Combine(screening, synergy, "records.csv"), 1);
            AddFile(records, Path.Combine(screening, cohen, "records.csv"), 2);
            var byId = records.ToDictionary(r => r.Candidate.Id);
            var matches = DuplicateFinder.Find(records.Select(r => r.Candidate).ToList());
            var cross = matches.Where(m => byId[m.KeptId].Candidate.SourceId != byId[m.DuplicateId].Candidate.SourceId).ToList();
            var within = matches.Count - cross.Count;
            var n1 = records.Count(r => r.Candidate.SourceId == 1);
            Console.WriteLine($"{synergy} ({n1}) + {cohen} ({records.Count - n1}): {matches.Count} duplicates, {cross.Count} across the copies (" +
                string.Join(", ", cross.GroupBy(m => m.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")) + $"), {within} within one copy");
            Console.WriteLine($"  groups of more than two records: {matches.GroupBy(m => m.KeptId).Count(g => g.Count() > 1)}");
            var paired = cross.SelectMany(m => new[] { m.KeptId, m.DuplicateId }).ToHashSet();
            var unpaired = records.Where(r => r.Candidate.SourceId == 1 && !paired.Contains(r.Candidate.Id)).ToList();
            Console.WriteLine($"  {unpaired.Count} {synergy} records left unpaired, e.g.:");
            foreach (var (_, r) in unpaired.Take(ImportBench.Option(args, "--unpaired") is { } u ? int.Parse(u, System.Globalization.CultureInfo.InvariantCulture) : 3))
                Console.WriteLine($"    {r.ExternalId} | pmid {r.Pmid} | doi {r.Doi} | {r.Title}");
            foreach (var m in cross.Where(m => m.Reason is DuplicateReason.FuzzyTitle or DuplicateReason.TitleYearAuthor))
                sample.Add(Describe(m, byId[m.KeptId].Record, byId[m.DuplicateId].Record));
            foreach (var m in cross.Where(m => m.Reason is DuplicateReason.Pmid or DuplicateReason.Doi).OrderBy(_ => random.Next()).Take(sampleSize / 3))
                sample.Add(Describe(m, byId[m.KeptId].Record, byId[m.DuplicateId].Record));
        }
        Console.WriteLine($"\nsample of {Math.Min(sampleSize, sample.Count)} cross-copy pairs to check by hand (seeded):");
        foreach (var line in sample.OrderBy(_ => random.Next()).Take(sampleSize)) Console.WriteLine(line);
        return Task.FromResult(0);
    }

    /// <summary>Dedup inside one dataset: how many duplicates by reason, and every fuzzy pair for inspection.</summary>
    private static int Within(string path)
    {
        var records = new List<(DedupCandidate Candidate, ParsedRecord Record)>();
        AddFile(records, path, 1);
        var byId = records.ToDictionary(r => r.Candidate.Id);
        var matches = DuplicateFinder.Find(records.Select(r => r.Candidate).ToList());
        Console.WriteLine($"{path}: {records.Count} records, {matches.Count} duplicates (" +
            string.Join(", ", matches.GroupBy(m => m.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")) + ")");
        var groups = matches.GroupBy(m => m.KeptId).ToList();
        var conflicting = groups.Count(g => g.Select(m => byId[m.DuplicateId].Record.LabelTitleAbstract)
            .Append(byId[g.Key].Record.LabelTitleAbstract).Where(l => l is not null).Distinct().Count() > 1);
        Console.WriteLine($"{groups.Count} groups, {conflicting} with conflicting label_ta");
        foreach (var m in matches.Where(m => m.Reason == DuplicateReason.FuzzyTitle))
            Console.WriteLine(Describe(m, byId[m.KeptId].Record, byId[m.DuplicateId].Record));
        return 0;
    }

    private static void AddFile(List<(DedupCandidate, ParsedRecord)> into, string path, long sourceId)
    {
        using var lines = new LineSource(File.OpenRead(path), path);
        foreach (var result in new CsvRecordReader(',').Read(lines, CancellationToken.None))
            if (result.Record is { } r)
                into.Add((new DedupCandidate(into.Count + 1, sourceId, r.Title, r.Authors, r.Year, r.Journal, r.Doi, r.Pmid,
                    r.Abstract is not null, r.Keywords.Count, false, AbstractShingles: DedupKeys.AbstractShingles(r.Abstract)), r));
    }

    private static string Describe(DuplicateMatch m, ParsedRecord a, ParsedRecord b) =>
        $"- {m.Reason} {m.Score:0.###}\n    A {a.ExternalId} | {a.Year} | {a.Authors.FirstOrDefault()} | pmid {a.Pmid} | doi {a.Doi} | {a.Title}\n" +
        $"    B {b.ExternalId} | {b.Year} | {b.Authors.FirstOrDefault()} | pmid {b.Pmid} | doi {b.Doi} | {b.Title}";
}
