using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Screener.Core.Persistence;

/// <summary>The one place that knows how Screener talks to PostgreSQL.</summary>
public static class ScreenerDatabase
{
    public const string ConnectionStringName = "Screener";

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql =>
        {
            npgsql.UseVector();
            npgsql.MigrationsAssembly(typeof(ScreenerDbContext).Assembly.GetName().Name);
        });

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
