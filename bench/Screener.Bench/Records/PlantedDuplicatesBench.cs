using System.Globalization;
using Screener.Core.Dedup;
using Screener.Core.Records.Formats;

namespace Screener.Bench.Records;

/// <summary>
/// `dedup-planted [--seed S] [--shared PATH] [--datasets a,b]`: precision and recall of dedup, counted over pairs of
/// records, on real screening sets with planted duplicates. Truth: every original is its own work, except originals
/// with the same normalised title and mostly the same abstract words (the real duplicates of smartphones and suicide); a same-title original
/// without an abstract beside two different abstracts is ambiguous and left out of the count. Planted: perturbed copies
/// (case, punctuation, a typo, author style, missing DOI / authors / year / abstract, truncated abstract), and
/// "siblings": a different paper with a near-identical title, another abstract, other authors and year, each planted
/// with a copy that lacks every distinguishing field (the chain that merged two papers in issue 21).
/// </summary>
internal static class PlantedDuplicatesBench
{
    private static readonly string[] DefaultSets =
        ["gptscreenr_smartphones", "gptscreenr_suicide", "synergy_Appenzeller-Herzog_2019", "bannach_brown2019_animal_depression", "kitchenham2010_se"];

    private sealed record Row(string Title, string? Abstract, IReadOnlyList<string> Authors, int? Year, string? Journal, string? Doi, string? Pmid,
        int Cluster, string Kind);

    public static Task<int> RunAsync(string[] args)
    {
        var screening = BenchCorpus.EvalScreening(ImportBench.Option(args, "--shared"));
        var seed = int.Parse(ImportBench.Option(args, "--seed") ?? "2026", CultureInfo.InvariantCulture);
        var sets = ImportBench.Option(args, "--datasets")?.Split(',') ?? DefaultSets;
        Console.WriteLine("| dataset | records (planted copies, siblings) | true pairs | found pairs | true found | precision | recall | groups mixing works |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        long tp = 0, fp = 0, fn = 0;
        foreach (var set in sets)
        {
            var rows = Plant(Read(Path.Combine(screening, set, "records.csv")), new Random(seed));
            var groups = Dedup(rows);
            var (t, f, n, mixed) = Score(rows, groups);
            if (ImportBench.Option(args, "--show") is { } show)
                foreach (var g in groups.Where(g => g.Where(i => rows[i].Cluster >= 0).Select(i => rows[i].Cluster).Distinct().Count() > 1)
                    .Take(int.Parse(show, CultureInfo.InvariantCulture)))
                    Console.WriteLine("mixed group:\n" + string.Join("\n", g.Select(i => $"    [{rows[i].Cluster} {rows[i].Kind}] {rows[i].Year} | " +
                        $"{rows[i].Authors.FirstOrDefault()} | {rows[i].Doi} | {rows[i].Title} | {rows[i].Abstract?[..Math.Min(60, rows[i].Abstract!.Length)]}")));
            (tp, fp, fn) = (tp + t, fp + f, fn + n);
            Console.WriteLine($"| {set} | {rows.Count:N0} ({rows.Count(r => r.Kind == "copy"):N0}, {rows.Count(r => r.Kind == "sibling"):N0}) | {t + n:N0} | {t + f:N0} | {t:N0} | " +
                $"{Ratio(t, t + f)} | {Ratio(t, t + n)} | {mixed} |");
        }
        Console.WriteLine($"| **all** | | {tp + fn:N0} | {tp + fp:N0} | {tp:N0} | **{Ratio(tp, tp + fp)}** | **{Ratio(tp, tp + fn)}** | |");
        return Task.FromResult(0);
    }

    private static string Ratio(long a, long b) => b == 0 ? "n/a" : (100.0 * a / b).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>The dedup the CLI runs (all passes), as groups of row indexes.</summary>
    private static List<List<int>> Dedup(List<Row> rows)
    {
        var candidates = rows.Select((r, i) => new DedupCandidate(i + 1, 1, r.Title, r.Authors, r.Year, r.Journal, r.Doi, r.Pmid,
            r.Abstract is not null, 0, false, AbstractShingles: DedupKeys.AbstractShingles(r.Abstract))).ToList();
        var matches = DedupPasses.Run(candidates).Merges.Select(p => p.Match);
        var keptOf = new Dictionary<long, long>();
        foreach (var m in matches) keptOf[m.DuplicateId] = m.KeptId;
        long Top(long id) { while (keptOf.TryGetValue(id, out var k)) id = k; return id; }
        return keptOf.Keys.Concat(keptOf.Values).Distinct().GroupBy(Top).Select(g => g.Select(id => (int)id - 1).ToList()).ToList();
    }

    private static (long Tp, long Fp, long Fn, int Mixed) Score(List<Row> rows, List<List<int>> groups)
    {
        long tp = 0, fp = 0, mixed = 0;
        foreach (var g in groups)
        {
            var scored = g.Where(i => rows[i].Cluster >= 0).ToList();
            for (var x = 0; x < scored.Count; x++)
                for (var y = x + 1; y < scored.Count; y++)
                    if (rows[scored[x]].Cluster == rows[scored[y]].Cluster) tp++; else fp++;
            if (scored.Select(i => rows[i].Cluster).Distinct().Count() > 1) mixed++;
        }
        var truePairs = rows.Where(r => r.Cluster >= 0).GroupBy(r => r.Cluster).Sum(c => (long)c.Count() * (c.Count() - 1) / 2);
        return (tp, fp, truePairs - tp, (int)mixed);
    }

    private static List<Row> Read(string path)
    {
        using var lines = new LineSource(File.OpenRead(path), path);
        var parsed = new CsvRecordReader(',').Read(lines, CancellationToken.None).Where(r => r.Record is not null).Select(r => r.Record!).ToList();
        // Truth among the originals: same normalised title and mostly the same abstract words (Jaccard of word sets at
        // least 0.6: real duplicates differ in a heading, a copyright line, a truncation) is one work.
        var rows = new List<Row>();
        foreach (var byTitle in parsed.GroupBy(r => DedupKeys.Title(r.Title)))
        {
            var works = new List<(HashSet<string> Words, int Cluster)>();
            foreach (var r in byTitle.Where(r => Words(r.Abstract).Count >= 10))
            {
                var words = Words(r.Abstract);
                var work = works.FirstOrDefault(w => Jaccard(w.Words, words) >= 0.6);
                if (work.Words is null) works.Add(work = (words, NextCluster()));
                rows.Add(new Row(r.Title, r.Abstract, r.Authors.ToList(), r.Year, r.Journal, r.Doi, r.Pmid, byTitle.Key.Length == 0 ? NextCluster() : work.Cluster, "original"));
            }
            var shared = works.Count == 0 ? NextCluster() : works.Count == 1 ? works[0].Cluster : -1;
            foreach (var r in byTitle.Where(r => Words(r.Abstract).Count < 10))
                rows.Add(new Row(r.Title, r.Abstract, r.Authors.ToList(), r.Year, r.Journal, r.Doi, r.Pmid, byTitle.Key.Length == 0 ? NextCluster() : shared, "original"));
        }
        return rows;
    }

    private static int _clusters;

    private static int NextCluster() => ++_clusters;

    private static HashSet<string> Words(string? text) => DedupKeys.Title(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

    private static double Jaccard(HashSet<string> a, HashSet<string> b) => a.Intersect(b).Count() / (double)a.Union(b).Count();

    private static List<Row> Plant(List<Row> originals, Random random)
    {
        var rows = new List<Row>(originals);
        var next = rows.Count == 0 ? 0 : rows.Max(r => r.Cluster) + 1;
        foreach (var r in originals.Where(r => r.Cluster >= 0))
        {
            var roll = random.NextDouble();
            if (roll < 0.15) rows.Add(Copy(r, random, random.Next(1, 4)));
            else if (roll < 0.18 && r.Abstract is not null && r.Title.Length > 40)
            {
                var other = originals[random.Next(originals.Count)];
                while (other.Abstract is not { Length: > 200 } || other == r) other = originals[random.Next(originals.Count)];
                var sibling = new Row(Sibling(r.Title, random), other.Abstract, other.Authors, r.Year + 3, r.Journal, null, null, next++, "sibling");
                rows.Add(sibling);
                rows.Add(sibling with { Abstract = null, Authors = [], Year = null, Doi = null, Pmid = null, Kind = "copy" });
                rows.Add(r with { Abstract = null, Authors = [], Year = null, Doi = null, Pmid = null, Kind = "copy" });
            }
        }
        return rows;
    }

    private static string Sibling(string title, Random random)
    {
        string[] extra = ["pilot", "follow-up", "protocol", "secondary analysis", "cohort", "qualitative"];
        var words = title.Split(' ').ToList();
        words.Insert(random.Next(1, words.Count), extra[random.Next(extra.Length)]);
        return string.Join(' ', words);
    }

    private static Row Copy(Row r, Random random, int perturbations)
    {
        var copy = r with { Kind = "copy" };
        for (var p = 0; p < perturbations; p++)
            copy = random.Next(9) switch
            {
                0 => copy with { Title = copy.Title.ToUpperInvariant() },
                1 => copy with { Title = copy.Title.Replace("-", " ", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal).TrimEnd('.') + "." },
                2 => copy with { Title = Typo(copy.Title, random) },
                3 => copy with { Doi = null },
                4 => copy with { Authors = [] },
                5 => copy with { Year = null },
                6 => copy with { Abstract = copy.Abstract is { Length: > 40 } a ? a[..(a.Length * (4 + random.Next(4)) / 10)] : copy.Abstract },
                7 => copy with { Abstract = null },
                _ => copy with { Authors = copy.Authors.Select(Reorder).ToList() },
            };
        return copy;
    }

    private static string Typo(string title, Random random)
    {
        if (title.Length < 10) return title;
        var i = random.Next(3, title.Length - 3);
        var c = title.ToCharArray();
        (c[i], c[i + 1]) = (c[i + 1], c[i]);
        return new string(c);
    }

    /// <summary>"Smith, John" as "John Smith".</summary>
    private static string Reorder(string author) =>
        author.Split(',', 2) is [var last, var first] ? $"{first.Trim()} {last.Trim()}" : author;
}
