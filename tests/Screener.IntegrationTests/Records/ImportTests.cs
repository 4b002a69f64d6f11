using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Screener.IntegrationTests.Infrastructure;

namespace Screener.IntegrationTests.Records;

public sealed class ImportTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        await CliHarness.RunAsync(database, "init", "--protocol", Path.Combine(Paths.Examples, "donners2021-emicizumab", "protocol.yaml"), "--name", "D");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string ExampleCsv => Path.Combine(Paths.Examples, "donners2021-emicizumab", "records.csv");

    [Fact]
    public async Task Imported_records_keep_file_and_position_and_status_counts_them_per_source()
    {
        var import = await CliHarness.RunAsync(database, "import", "--review", "D", ExampleCsv, "--source", "SYNERGY", "--json");

        import.AssertExit(0);
        using (var json = JsonDocument.Parse(import.Out))
            Assert.Equal(258, json.RootElement.GetProperty("imported").GetInt32());
        var status = await CliHarness.RunAsync(database, "status", "--review", "D", "--json");
        using var prisma = JsonDocument.Parse(status.Out);
        var perSource = Assert.Single(prisma.RootElement.GetProperty("prisma").GetProperty("identifiedPerSource").EnumerateArray());
        Assert.Equal(("SYNERGY", 258), (perSource.GetProperty("source").GetString(), perSource.GetProperty("records").GetInt32()));
        await using var db = database.CreateDbContext();
        var first = await db.Records.Include(r => r.ImportSource).OrderBy(r => r.SourcePosition).FirstAsync();
        Assert.Equal((1, 2, "Donners_2021_1", "records.csv"), (first.SourcePosition, first.SourceLine, first.ExternalId, first.ImportSource!.FileName));
        Assert.Equal(Enumerable.Range(1, 258), await db.Records.OrderBy(r => r.SourcePosition).Select(r => r.SourcePosition).ToListAsync());
    }

    [Fact]
    public async Task Importing_the_same_file_again_is_detected_and_adds_nothing()
    {
        await CliHarness.RunAsync(database, "import", "--review", "D", ExampleCsv);
        var copy = Path.Combine(Path.GetTempPath(), $"renamed-{Guid.NewGuid():N}.csv");
        File.Copy(ExampleCsv, copy);

        var again = await CliHarness.RunAsync(database, "import", "--review", "D", copy);

        again.AssertExit(0);
        Assert.Contains("already imported", again.Out, StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        Assert.Equal(258, await db.Records.CountAsync());
        Assert.Equal(1, await db.ImportSources.CountAsync());
        File.Delete(copy);
    }

    [Fact]
    public async Task A_malformed_record_is_reported_with_file_and_line_and_an_unreadable_file_fails_alone()
    {
        var dir = Directory.CreateTempSubdirectory("screener-import-").FullName;
        var ris = Path.Combine(dir, "embase.ris");
        await File.WriteAllTextAsync(ris, "TY  - JOUR\nTI  - Good one\nER  - \nTY  - JOUR\nPY  - 2001\nER  - \nTY  - JOUR\nTI  - Good two\nER  - \n");
        var latin1 = Path.Combine(dir, "latin1.ris");
        await File.WriteAllBytesAsync(latin1, [.. Encoding.ASCII.GetBytes("TY  - JOUR\nTI  - Caf"), 0xE9, .. "\nER  - \n"u8.ToArray()]);

        var result = await CliHarness.RunAsync(database, "import", "--review", "D", latin1, ris, "--source", "Embase");

        result.AssertExit(2);
        Assert.Contains("embase.ris: imported 2 records as Embase (Ris), 1 bad record(s) skipped", result.Out, StringComparison.Ordinal);
        Assert.Contains("embase.ris:4: record 2: the record has no title, abstract, DOI or PMID", result.Out, StringComparison.Ordinal);
        Assert.Contains("error: latin1.ris:2: the file is not valid utf-8", result.Error, StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        Assert.Equal(["Good one", "Good two"], await db.Records.OrderBy(r => r.Id).Select(r => r.Title).ToListAsync());
        Assert.Equal(["embase.ris"], await db.ImportSources.Select(s => s.FileName).ToListAsync());
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task MEDLINE_and_UTF16_BibTeX_exports_are_detected_and_counted_per_database()
    {
        var dir = Directory.CreateTempSubdirectory("screener-import-").FullName;
        var nbib = Path.Combine(dir, "pubmed.txt");
        await File.WriteAllTextAsync(nbib, """
            PMID- 10212006
            TI  - Premenstrual symptoms in women with premenstrual
                  asthma.
            FAU - Ensom, M H
            DP  - 1999 Jun
            LID - 10.1592/phco.19.6.374.31050 [doi]

            PMID- 10090424
            TI  - Oral micronized progesterone.
            AU  - de Lignieres B
            DP  - 1999

            """);
        var bib = Path.Combine(dir, "embase.bib");
        await File.WriteAllTextAsync(bib, """
            @article{a, title = {Oral micronized progesterone}, author = {de Ligni{\`e}res, B}, year = 1999}
            """,
            Encoding.Unicode);

        var result = await CliHarness.RunAsync(database, "import", "--review", "D", nbib, "--source", "PubMed");
        var second = await CliHarness.RunAsync(database, "import", "--review", "D", bib, "--source", "Embase");

        result.AssertExit(0);
        second.AssertExit(0);
        Assert.Contains("pubmed.txt: imported 2 records as PubMed (Medline)", result.Out, StringComparison.Ordinal);
        Assert.Contains("embase.bib: imported 1 records as Embase (Bibtex)", second.Out, StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        var first = await db.Records.OrderBy(r => r.Id).FirstAsync();
        Assert.Equal(("Premenstrual symptoms in women with premenstrual asthma.", "10.1592/phco.19.6.374.31050", 1999),
            (first.Title, first.Doi, first.Year));
        Assert.Equal("de Lignières, B", (await db.Records.OrderBy(r => r.Id).LastAsync()).Authors[0]);
        var status = JsonDocument.Parse((await CliHarness.RunAsync(database, "status", "--review", "D", "--json")).Out);
        var perSource = status.RootElement.GetProperty("prisma").GetProperty("identifiedPerSource").EnumerateArray()
            .Select(s => (s.GetProperty("source").GetString(), s.GetProperty("records").GetInt32())).ToList();
        Assert.Equal([("Embase", 1), ("PubMed", 2)], perSource);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task Importing_into_an_unknown_review_fails_with_a_one_line_cause()
    {
        var result = await CliHarness.RunAsync(database, "import", "--review", "nope", ExampleCsv);
        result.AssertExit(2);
        Assert.StartsWith("error: no review named 'nope'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public async Task A_device_is_refused_before_it_is_read(string device)
    {
        var result = await CliHarness.RunAsync(database, "import", "--review", "D", device);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{device}: the file is empty or not a regular file (a device, pipe or socket)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipe_is_refused_without_waiting_for_a_writer()
    {
        var fifo = Path.Combine(Directory.CreateTempSubdirectory("screener-fifo-").FullName, "export.ris");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();

        var result = await CliHarness.RunAsync(database, "import", "--review", "D", fifo);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a regular file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_with_RIS_lines_in_its_abstracts_and_an_unclosed_quote_imports_every_good_row_and_names_the_bad_one()
    {
        var csv = new StringBuilder("title,abstract\n");
        for (var i = 1; i <= 5; i++) csv.Append(CultureInfo.InvariantCulture, $"Title {i},\"Abstract {i}\nTY  - JOUR\nTI  - Forged {i}\nER  - \"\n");
        csv.Append("\"Broken title,never closed\n");
        for (var i = 6; i <= 9; i++) csv.Append(CultureInfo.InvariantCulture, $"\"Title {i}\",\"Abstract {i}\"\n");
        var path = Path.Combine(Directory.CreateTempSubdirectory("screener-import-").FullName, "scopus.csv");
        await File.WriteAllTextAsync(path, csv.ToString());

        var result = await CliHarness.RunAsync(database, "import", "--review", "D", path);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("imported 9 records as scopus (Csv), 1 bad record(s) skipped", result.Out, StringComparison.Ordinal);
        Assert.Contains("scopus.csv:22: record 6: a quoted field opened on line 22", result.Out, StringComparison.Ordinal);
        await using var db = database.CreateDbContext();
        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"Title {i}"), await db.Records.OrderBy(r => r.SourcePosition).Select(r => r.Title).ToListAsync());
    }
}
