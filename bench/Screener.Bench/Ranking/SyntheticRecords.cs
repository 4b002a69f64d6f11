using Screener.Core.Persistence;
using Screener.Core.Records;

namespace Screener.Bench.Ranking;

/// <summary>
/// Synthetic title/abstract records with a planted include signal, for ranking at a scale no eval-data set has:
/// words drawn from a Zipf-distributed vocabulary of pseudo-words (so the corpus has a realistic long tail of rare
/// terms and bigrams), and for one record in fifty (the includes) a share of each text drawn from 40 topic words that
/// the other records use only now and then. Deterministic for a seed.
/// </summary>
internal static class SyntheticRecords
{
    private const int Vocabulary = 30_000;
    private const double IncludeRate = 0.02;
    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "pe", "da", "gu", "ri", "to", "mo", "xe", "bi", "fa", "ze", "hu", "ly"];

    /// <summary>Writes <paramref name="count"/> records to the review in batches; returns the ids of the planted includes.</summary>
    public static async Task<HashSet<long>> AddAsync(Func<ScreenerDbContext> open, long reviewId, int count, int seed = 7)
    {
        var random = new Random(seed);
        var words = Enumerable.Range(0, Vocabulary).Select(Word).ToArray();
        // Zipf weights 1/rank: a few words everywhere, most words rare.
        var cumulative = new double[Vocabulary];
        var total = 0.0;
        for (var r = 0; r < Vocabulary; r++) cumulative[r] = total += 1.0 / (r + 1);
        var topic = words.Skip(2_000).Take(40).ToArray();
        long sourceId;
        await using (var db = open())
        {
            var source = new ImportSource
            {
                ReviewId = reviewId, SourceName = "synthetic", FileName = "synthetic.csv", FileSha256 = new string('b', 64),
                Format = RecordFileFormat.Csv, RecordCount = count, ImportedAt = DateTimeOffset.UtcNow,
            };
            db.ImportSources.Add(source);
            await db.SaveChangesAsync();
            sourceId = source.Id;
        }
        var includes = new HashSet<long>();
        const int batch = 5_000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var rows = new List<Record>();
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var include = random.NextDouble() < IncludeRate;
                var topicShare = include ? 0.15 : 0.005;
                string Text(int length) => string.Join(' ', Enumerable.Range(0, length).Select(_ =>
                    random.NextDouble() < topicShare ? topic[random.Next(topic.Length)] : words[Pick(cumulative, random.NextDouble() * total)]));
                rows.Add(new Record
                {
                    ReviewId = reviewId, ImportSourceId = sourceId, SourcePosition = i + 1, SourceLine = i + 2,
                    ExternalId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Title = Text(random.Next(8, 15)), Abstract = Text(random.Next(120, 221)), Year = 1990 + random.Next(35),
                    ImportedLabelFinal = include,
                });
            }
            db.Records.AddRange(rows);
            await db.SaveChangesAsync();
            foreach (var r in rows.Where(r => r.ImportedLabelFinal == true)) includes.Add(r.Id);
        }
        return includes;
    }

    private static int Pick(double[] cumulative, double x)
    {
        var i = Array.BinarySearch(cumulative, x);
        return Math.Min(cumulative.Length - 1, i >= 0 ? i : ~i);
    }

    private static string Word(int rank)
    {
        var parts = new List<string>();
        var n = rank;
        do { parts.Add(Syllables[n % Syllables.Length]); n /= Syllables.Length; } while (n > 0);
        // At least two syllables, so no word is dropped as too short.
        if (parts.Count == 1) parts.Add("na");
        return string.Concat(parts);
    }
}
