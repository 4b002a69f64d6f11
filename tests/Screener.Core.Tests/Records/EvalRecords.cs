using System.Text;
using Screener.Core.Records.Formats;

namespace Screener.Core.Tests.Records;

/// <summary>The real eval-data records (../shared/eval-data/screening), and helpers to parse text in any format.</summary>
internal static class EvalRecords
{
    public static string Screening(string dataset) =>
        Path.Combine(RepoRoot(), "..", "shared", "eval-data", "screening", dataset, "records.csv");

    public static List<ParsedRecord> Load(string dataset)
    {
        using var lines = new LineSource(File.OpenRead(Screening(dataset)), dataset);
        return new CsvRecordReader(',').Read(lines, CancellationToken.None).Select(r => r.Record).OfType<ParsedRecord>().ToList();
    }

    public static List<RecordReadResult> Parse(IRecordReader reader, string text, string name = "test") => Parse(reader, Encoding.UTF8.GetBytes(text), name);

    public static List<RecordReadResult> Parse(IRecordReader reader, byte[] bytes, string name = "test")
    {
        using var lines = new LineSource(new MemoryStream(bytes), name);
        return reader.Read(lines, CancellationToken.None).ToList();
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Screener.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
