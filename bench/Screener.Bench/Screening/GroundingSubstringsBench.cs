using System.Globalization;
using System.Text.RegularExpressions;
using Screener.Bench.Records;
using Screener.Core.Grounding;

namespace Screener.Bench.Screening;

/// <summary>
/// `grounding-substrings [--per-record N] [--seed S] [--shared PATH]`: the false-flag rate of grounding on real text.
/// Every quote tried is a real substring of the record's abstract (cut at whitespace, 3 to 25 words), so each one
/// must pass; every failure is a false "invented quote" flag. Two samples: random spans of every abstract in the
/// eval data, and every span that starts, ends or crosses a hyphen followed by a space ("short- and long-term",
/// "treat- ment"), where the normaliser's hyphen rules decide.
/// </summary>
internal static partial class GroundingSubstringsBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var screening = BenchCorpus.EvalScreening(ImportBench.Option(args, "--shared"));
        var perRecord = int.Parse(ImportBench.Option(args, "--per-record") ?? "3", CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(ImportBench.Option(args, "--seed") ?? "2026", CultureInfo.InvariantCulture));
        long randomTried = 0, randomFailed = 0, hyphenTried = 0, hyphenFailed = 0;
        var examples = new List<string>();
        foreach (var record in BenchCorpus.ReadAll(screening).Where(r => r.Abstract is { Length: > 0 }))
        {
            var source = EvidenceGrounding.Prepare(string.Join("\n", new[] { record.Title, record.Abstract, record.Journal }.Where(s => !string.IsNullOrWhiteSpace(s))));
            var text = record.Abstract!;
            var starts = WordStarts(text);
            if (starts.Count < 3) continue;
            for (var k = 0; k < perRecord; k++)
            {
                var first = random.Next(starts.Count);
                var quote = Span(text, starts, first, Math.Min(starts.Count, first + random.Next(3, 26)));
                randomTried++;
                if (!source.Contains(quote)) { randomFailed++; Note(examples, quote); }
            }
            foreach (Match m in HyphenBeforeSpace().Matches(text))
            {
                var after = starts.FindIndex(s => s > m.Index);
                if (after < 0) continue;
                foreach (var quote in new[]
                         {
                             Span(text, starts, after, Math.Min(starts.Count, after + 4)),
                             Span(text, starts, Math.Max(0, after - 3), after),
                             Span(text, starts, Math.Max(0, after - 2), Math.Min(starts.Count, after + 3)),
                         })
                {
                    if (quote.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 2) continue;
                    hyphenTried++;
                    if (!source.Contains(quote)) { hyphenFailed++; Note(examples, quote); }
                }
            }
        }
        Console.WriteLine($"random spans: {randomFailed:N0} of {randomTried:N0} real substrings flagged ({Rate(randomFailed, randomTried)})");
        Console.WriteLine($"spans at a hyphen before a space: {hyphenFailed:N0} of {hyphenTried:N0} flagged ({Rate(hyphenFailed, hyphenTried)})");
        foreach (var e in examples) Console.WriteLine($"  flagged: \"{e}\"");
        return Task.FromResult(0);
    }

    private static void Note(List<string> examples, string quote)
    {
        if (examples.Count < 15) examples.Add(quote.ReplaceLineEndings(" "));
    }

    private static string Rate(long failed, long tried) => tried == 0 ? "n/a" : (100.0 * failed / tried).ToString("0.000", CultureInfo.InvariantCulture) + "%";

    private static List<int> WordStarts(string text)
    {
        var starts = new List<int>();
        for (var i = 0; i < text.Length; i++)
            if (!char.IsWhiteSpace(text[i]) && (i == 0 || char.IsWhiteSpace(text[i - 1]))) starts.Add(i);
        return starts;
    }

    /// <summary>The raw text of words [from, to), cut at whitespace: a real substring of the abstract.</summary>
    private static string Span(string text, List<int> starts, int from, int to)
    {
        if (to <= from) return "";
        var end = to < starts.Count ? starts[to] : text.Length;
        return text[starts[from]..end].TrimEnd();
    }

    [GeneratedRegex(@"\p{L}[-\u2010]\s+\p{L}")]
    private static partial Regex HyphenBeforeSpace();
}
