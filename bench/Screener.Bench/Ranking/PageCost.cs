using System.Globalization;
using Npgsql;

namespace Screener.Bench.Ranking;

/// <summary>
/// What one page load costs, in figures that do not swing with the machine's load as latencies do: the bench
/// database's committed transactions (one per SQL statement outside a transaction, plus the connection pool's
/// session resets), the rows the database scanned for them (index entries and sequentially scanned rows), the 8 kB
/// pages it read (from its buffers or the disk), and the web host's CPU time. Read around a run
/// of loads with nothing else running in the host (no ranking due), divided by the loads.
/// </summary>
internal sealed record PageCost(double Transactions, double RowsScanned, double PagesRead, double HostCpuMs)
{
    /// <summary>
    /// PostgreSQL flushes a backend's counters at most once a second, an idle backend's within 10 s: waiting that
    /// long makes the counters include every statement before the read.
    /// </summary>
    private static readonly TimeSpan StatisticsFlush = TimeSpan.FromSeconds(11);

    public static async Task<(List<double> Latencies, PageCost Cost)> MeasureAsync(
        string connectionString, int hostPid, Func<Task<List<double>>> loads)
    {
        await Task.Delay(StatisticsFlush);
        var before = await CountersAsync(connectionString);
        var cpuBefore = CpuMs(hostPid);
        var latencies = await loads();
        var cpu = CpuMs(hostPid) - cpuBefore;
        await Task.Delay(StatisticsFlush);
        var after = await CountersAsync(connectionString);
        double n = latencies.Count;
        // The first read's own transaction is counted between the two reads.
        return (latencies, new PageCost((after.Transactions - before.Transactions - 1) / n, (after.Rows - before.Rows) / n, (after.Pages - before.Pages) / n, cpu / n));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Transactions:F1} SQL transactions, {RowsScanned:N0} rows scanned, {PagesRead:N0} pages read, {HostCpuMs:F0} ms host CPU per load");

    private static async Task<(long Transactions, long Rows, long Pages)> CountersAsync(string connectionString)
    {
        // Unpooled: the connection ends after the read, which flushes its own counters before the next read.
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit, tup_returned, blks_hit + blks_read FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>User and system CPU time of the process so far (/proc/PID/stat, fields 14 and 15, in clock ticks of 10 ms).</summary>
    private static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }
}
