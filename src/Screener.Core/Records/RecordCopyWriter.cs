using Npgsql;
using NpgsqlTypes;
using Screener.Core.Records.Formats;

namespace Screener.Core.Records;

/// <summary>
/// Streams parsed records into the Records table with PostgreSQL's binary COPY: tens of thousands of rows a
/// second, with memory independent of the file's size. Runs inside the caller's transaction.
/// </summary>
internal sealed class RecordCopyWriter : IAsyncDisposable
{
    private const string Copy = """
        COPY "Records" ("ReviewId", "ImportSourceId", "SourcePosition", "SourceLine", "ExternalId", "Title", "Abstract",
            "Authors", "Year", "Journal", "Doi", "Pmid", "Keywords", "ImportedLabelTitleAbstract", "ImportedLabelFinal")
        FROM STDIN (FORMAT BINARY)
        """;

    private readonly NpgsqlBinaryImporter _importer;
    private readonly long _reviewId;
    private readonly long _sourceId;

    private RecordCopyWriter(NpgsqlBinaryImporter importer, long reviewId, long sourceId)
    {
        _importer = importer;
        _reviewId = reviewId;
        _sourceId = sourceId;
    }

    public static async Task<RecordCopyWriter> StartAsync(NpgsqlConnection connection, long reviewId, long sourceId, CancellationToken ct) =>
        new(await connection.BeginBinaryImportAsync(Copy, ct), reviewId, sourceId);

    public async Task WriteAsync(ParsedRecord r, CancellationToken ct)
    {
        await _importer.StartRowAsync(ct);
        await _importer.WriteAsync(_reviewId, NpgsqlDbType.Bigint, ct);
        await _importer.WriteAsync(_sourceId, NpgsqlDbType.Bigint, ct);
        await _importer.WriteAsync(r.Position, NpgsqlDbType.Integer, ct);
        await _importer.WriteAsync(r.Line, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(r.ExternalId, NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(r.Title, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(r.Abstract, NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(r.Authors, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await WriteNullableAsync(r.Year, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(r.Journal, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(r.Doi, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(r.Pmid, NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(r.Keywords, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await WriteNullableAsync(r.LabelTitleAbstract, NpgsqlDbType.Boolean, ct);
        await WriteNullableAsync(r.LabelFinal, NpgsqlDbType.Boolean, ct);
    }

    public async Task<ulong> CompleteAsync(CancellationToken ct) => await _importer.CompleteAsync(ct);

    private Task WriteNullableAsync<T>(T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? _importer.WriteNullAsync(ct) : _importer.WriteAsync(value, type, ct);

    public ValueTask DisposeAsync() => _importer.DisposeAsync();
}
