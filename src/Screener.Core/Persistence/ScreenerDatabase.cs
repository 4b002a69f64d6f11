using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Screener.Core.Persistence;

/// <summary>The one place that knows how Screener talks to PostgreSQL.</summary>
public static class ScreenerDatabase
{
    public const string ConnectionStringName = "Screener";

    /// <summary>
    /// Connections one process may hold when the connection string does not say (Npgsql's own default, 100, is all of
    /// a default PostgreSQL server's max_connections). 20 leaves room for four Screener processes (web host, CLI,
    /// workers) and other databases under 100 minus the 3 superuser-reserved; a request that finds the pool empty
    /// waits up to the connection string's Timeout (Npgsql: 15 s) and then fails instead of taking the server.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithBoundedPool(connectionString), npgsql =>
        {
            npgsql.UseVector();
            npgsql.MigrationsAssembly(typeof(ScreenerDbContext).Assembly.GetName().Name);
        });

    /// <summary>The connection string with <see cref="DefaultMaxPoolSize"/> as its pool bound unless it sets one itself.</summary>
    public static string WithBoundedPool(string connectionString)
    {
        // The generic builder keeps only the keys the string names, so an explicit bound is seen and kept.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (PoolSizeKeys.Any(given.ContainsKey)) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaxPoolSize }.ConnectionString;
    }

    private static readonly string[] PoolSizeKeys = ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"];

    /// <summary>A one-line, secret-free description of where the database is, for error messages.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host}:{b.Port}/{b.Database} as {b.Username}";
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }
}
