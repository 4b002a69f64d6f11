using Npgsql;

namespace Screener.Core.Jobs.Batch;

/// <summary>
/// One process at a time advances a run's batches: a `screen --batch` poll, the web's worker and a second CLI started
/// at the same instant would otherwise each collect, upload or create a batch for the same items. A PostgreSQL
/// session-level advisory lock keyed by the run, on a connection of its own held for the whole advance, so that it dies
/// with the process (a killed process leaves no lock behind); a second caller does not wait for it but is told who holds it.
/// </summary>
internal sealed class BatchRunLock : IAsyncDisposable
{
    private const int LockClass = 0x42415443; // "BATC": keeps these locks apart from the run ledger's and any other

    private readonly NpgsqlConnection _connection;
    private readonly int _key;

    private BatchRunLock(NpgsqlConnection connection, int key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock, or null and who holds it ("host:pid" as the holder's connection names itself; null if unseen).</summary>
    public static async Task<(BatchRunLock? Lock, string? Holder)> TryTakeAsync(string connectionString, long runId, CancellationToken ct)
    {
        // Not pooled: the lock must end with this connection, never linger on a pooled one, and the name it carries
        // (application_name) is what a second caller reads to say who is at work.
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false, ApplicationName = $"screener batch {Environment.MachineName}:{Environment.ProcessId}",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        var key = (int)runId;
        try
        {
            await connection.OpenAsync(ct);
            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, @key)", connection);
            take.Parameters.AddWithValue("class", LockClass);
            take.Parameters.AddWithValue("key", key);
            if (await take.ExecuteScalarAsync(ct) is true) return (new BatchRunLock(connection, key), null);
            await using var who = new NpgsqlCommand("""
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.classid = @class::bigint::oid AND l.objid = @key::bigint::oid
                LIMIT 1
                """, connection);
            who.Parameters.AddWithValue("class", LockClass);
            who.Parameters.AddWithValue("key", key);
            var name = await who.ExecuteScalarAsync(ct) as string;
            await connection.DisposeAsync();
            return (null, name is { Length: > 0 } && name.StartsWith("screener batch ", StringComparison.Ordinal) ? name["screener batch ".Length..] : null);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, @key)", _connection);
            release.Parameters.AddWithValue("class", LockClass);
            release.Parameters.AddWithValue("key", _key);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // A broken connection has lost its session, and the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
