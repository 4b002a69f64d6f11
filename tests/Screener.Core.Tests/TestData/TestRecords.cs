using System.Text;
using Screener.Core.Records.Formats;

namespace Screener.Core.Tests.TestData;

/// <summary>Generated records read back through our CSV reader, helpers to parse text in any format, and the repository root.</summary>
internal static class TestRecords
{
    /// <summary>The dataset's CSV as the import reads it: the records every round trip starts from.</summary>
    public static List<ParsedRecord> Load(SyntheticDataset data) =>
        Parse(new CsvRecordReader(','), data.Csv(), data.Name + ".csv").Select(r => r.Record).OfType<ParsedRecord>().ToList();

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
