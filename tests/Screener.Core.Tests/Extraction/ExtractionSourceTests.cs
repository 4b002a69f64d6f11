using System.Diagnostics;
using Screener.Core.Extraction;
using Record = Screener.Core.Records.Record;

namespace Screener.Core.Tests.Extraction;

/// <summary>Issue 17.14: full texts are named without ambiguity, bounded in size, never a device or a pipe, and shown without server paths.</summary>
public sealed class ExtractionSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("screener-fulltext-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Record R(long id, string? externalId) => new() { Id = id, ExternalId = externalId, Title = "T", Abstract = "The abstract." };

    [Fact]
    public void An_imported_id_never_reads_the_full_text_of_the_Screener_record_with_that_number()
    {
        File.WriteAllText(Path.Combine(_dir, "record-517.txt"), "text of Screener record 517");
        File.WriteAllText(Path.Combine(_dir, "external-517.txt"), "text of the record imported as 517");

        Assert.Equal("text of the record imported as 517", ExtractionSource.For(R(9, "517"), _dir).Text);
        Assert.Equal("text of Screener record 517", ExtractionSource.For(R(517, "abc"), _dir).Text);
        Assert.Equal(ExtractionSource.Abstract, ExtractionSource.For(R(10, "518"), _dir).Kind);
    }

    [Fact]
    public void The_source_kind_names_the_file_not_the_server_path()
    {
        File.WriteAllText(Path.Combine(_dir, "record-1.txt"), "full");
        var kind = ExtractionSource.For(R(1, null), _dir).Kind;
        Assert.Equal("full text (record-1.txt)", kind);
        Assert.DoesNotContain(_dir, GetExtractionRecord.ShownSourceKind(Path.Combine(_dir, "1.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_text_over_the_limit_is_refused_naming_the_record_and_file()
    {
        File.WriteAllBytes(Path.Combine(_dir, "record-2.txt"), new byte[3 * 1024 * 1024]);
        var e = Assert.Throws<ScreenerException>(() => ExtractionSource.For(R(2, null), _dir));
        Assert.Contains("record 2: full text record-2.txt: the file is 3 MiB, more than the limit of 2 MiB", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_dir, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipe_in_place_of_a_full_text_is_refused_without_opening_it()
    {
        var fifo = Path.Combine(_dir, "record-3.txt");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
        Assert.True(File.Exists(fifo));
        var e = Assert.Throws<ScreenerException>(() => ExtractionSource.For(R(3, null), _dir));
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_named_the_old_way_is_refused_rather_than_silently_using_abstracts()
    {
        File.WriteAllText(Path.Combine(_dir, "517.txt"), "old naming");
        var e = Assert.Throws<ScreenerException>(() => ExtractionSource.ThrowIfNoFileIsNamedForRecords(_dir));
        Assert.Contains("record-ID.txt", e.Message, StringComparison.Ordinal);
    }
}
