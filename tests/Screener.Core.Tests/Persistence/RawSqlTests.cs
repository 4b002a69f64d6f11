using System.Text.RegularExpressions;
using Screener.Core.Tests.TestData;

namespace Screener.Core.Tests.Persistence;

/// <summary>
/// Parameterised SQL only: EF queries are parameterised by construction, so what can go wrong is hand-written SQL
/// built from strings. This scans the product's sources for every raw-SQL entry point and fails on one whose SQL
/// is an interpolated string or a concatenation (FromSql/ExecuteSql/SqlQuery with $"..." are EF's parameterising
/// forms and are allowed).
/// </summary>
public sealed class RawSqlTests
{
    private static readonly Regex RawSqlCall = new(
        @"(?<call>ExecuteSqlRaw(Async)?|FromSqlRaw|SqlQueryRaw|new\s+NpgsqlCommand|CommandText\s*=|BeginBinaryImport(Async)?|BeginTextImport(Async)?)\s*\(?\s*(?<arg>[^,;)]*)",
        RegexOptions.Compiled);

    [Fact]
    public void No_hand_written_SQL_is_built_from_interpolated_or_concatenated_strings()
    {
        var calls = ProductSources()
            .SelectMany(file => RawSqlCall.Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Call: m.Groups["call"].Value, Arg: m.Groups["arg"].Value.Trim())))
            .ToList();

        // The scan must see the known raw-SQL sites (dedup merge and undo, COPY import), or it proves nothing.
        Assert.Contains(calls, c => c.File == "DeduplicateRecords.cs" && c.Call.StartsWith("ExecuteSqlRaw", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.File == "UndoDeduplication.cs");
        Assert.Contains(calls, c => c.File == "RecordCopyWriter.cs");
        var unsafeCalls = calls.Where(c => c.Arg.StartsWith('$') || c.Arg.StartsWith("@$", StringComparison.Ordinal) || c.Arg.Contains("\" +", StringComparison.Ordinal)
                || c.Arg.Contains("+ \"", StringComparison.Ordinal) || c.Arg.Contains("string.Format", StringComparison.Ordinal) || c.Arg.Contains("string.Concat", StringComparison.Ordinal))
            .Select(c => $"{c.File}: {c.Call}({c.Arg}")
            .ToList();
        Assert.True(unsafeCalls.Count == 0, "SQL built from strings (use parameters):\n" + string.Join("\n", unsafeCalls));
    }

    [Fact]
    public void The_scan_catches_an_interpolated_raw_query()
    {
        const string bad = "await db.Database.ExecuteSqlRawAsync($\"DELETE FROM \\\"Records\\\" WHERE \\\"Title\\\" = '{title}'\", ct);";
        var match = RawSqlCall.Match(bad);
        Assert.True(match.Success);
        Assert.StartsWith("$", match.Groups["arg"].Value, StringComparison.Ordinal);
    }

    private static IEnumerable<string> ProductSources() =>
        Directory.EnumerateFiles(Path.Combine(TestRecords.RepoRoot(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}
