using System.Text;
using Screener.Core.Exports;
using Screener.Core.Records.Formats;

namespace Screener.Bench.Records;

/// <summary>
/// Builds a large realistic search export from the real eval-data records, streaming (never all in memory):
/// every original, then perturbed copies (typos, HTML entities, Unicode dashes, DOI as URL, case) as the
/// duplicates dedup must find, then new titles stitched from two records as non-duplicates.
/// </summary>
internal static class BenchCorpus
{
    public static string EvalScreening(string? root) =>
        Path.Combine(root ?? FindShared(), "eval-data", "screening");

    public static IEnumerable<ParsedRecord> ReadAll(string screeningDir)
    {
        foreach (var file in Directory.GetFiles(screeningDir, "records.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var lines = new LineSource(File.OpenRead(file), file);
            foreach (var r in new CsvRecordReader(',').Read(lines, CancellationToken.None))
                if (r.Record is { } record) yield return record;
        }
    }

    public static async Task<int> WriteRisAsync(string screeningDir, string path, int target)
    {
        await using var output = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var written = 0;
        var pass = 0;
        ParsedRecord? previous = null;
        while (written < target)
        {
            foreach (var r in ReadAll(screeningDir))
            {
                if (written >= target) break;
                var row = pass switch
                {
                    0 => r,
                    _ when written % 2 == 0 => Perturb(r, written),
                    _ => Stitch(r, previous ?? r),
                };
                previous = r;
                await RisWriter.WriteRecordAsync(output, "JOUR", ExportLayout.RisFields(ToRow(row, written)), CancellationToken.None);
                written++;
            }
            pass++;
        }
        return written;
    }

    private static ParsedRecord Perturb(ParsedRecord r, int seed)
    {
        var copy = Copy(r);
        var title = r.Title;
        copy.Title = (seed / 2 % 5) switch
        {
            0 => title.ToUpperInvariant(),
            1 => title.Replace("&", "&amp;", StringComparison.Ordinal).Replace(" - ", " \u2013 ", StringComparison.Ordinal).Replace("-", "\u2010", StringComparison.Ordinal),
            2 when title.Length > 20 => title[..10] + title[11] + title[10] + title[12..],
            3 => title + ".",
            _ => title.Replace("a", "\u00e1", StringComparison.Ordinal),
        };
        if (r.Doi is not null) copy.Doi = "https://doi.org/" + r.Doi.ToUpperInvariant();
        if (seed / 2 % 5 is 2 or 3) (copy.Doi, copy.Pmid) = (null, null);
        return copy;
    }

    private static ParsedRecord Stitch(ParsedRecord r, ParsedRecord other)
    {
        var copy = Copy(r);
        var a = r.Title.Split(' ');
        var b = other.Title.Split(' ');
        copy.Title = string.Join(' ', a.Take(a.Length / 2).Concat(b.Skip(b.Length / 2))) + " (stitched)";
        copy.Doi = null;
        copy.Pmid = null;
        return copy;
    }

    private static ParsedRecord Copy(ParsedRecord r)
    {
        var c = new ParsedRecord
        {
            Title = r.Title, Abstract = r.Abstract, Year = r.Year, Journal = r.Journal, Doi = r.Doi, Pmid = r.Pmid, ExternalId = r.ExternalId,
        };
        c.Authors.AddRange(r.Authors);
        c.Keywords.AddRange(r.Keywords);
        return c;
    }

    private static ExportRow ToRow(ParsedRecord r, int id) => new(id, r.ExternalId, "bench", "bench.ris", 0, null, r.Title, r.Abstract,
        r.Authors, r.Year, r.Journal, r.Doi, r.Pmid, r.Keywords, r.LabelTitleAbstract, r.LabelFinal, StageResult.None, StageResult.None, LlmResult.None);

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(shared, "eval-data"))) return shared;
            if (File.Exists(Path.Combine(dir.FullName, "Screener.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        }
        throw new InvalidOperationException("cannot find shared/eval-data; pass --shared PATH");
    }
}
