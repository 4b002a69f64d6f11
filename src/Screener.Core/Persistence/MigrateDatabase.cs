using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Screener.Core.Persistence;

public sealed record MigrateDatabaseResult(IReadOnlyList<string> Applied, string CurrentMigration);

/// <summary>Applies EF Core migrations. Run explicitly (setup script, `screener db migrate`), never silently at start.</summary>
public static class MigrateDatabase
{
    public static async Task<MigrateDatabaseResult> RunAsync(ScreenerDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is "0A000" or "58P01" && e.MessageText.Contains("vector", StringComparison.Ordinal))
        {
            throw new ScreenerException("pgvector is not installed in this PostgreSQL: run scripts/setup.sh, or use the pgvector/pgvector Docker image", e);
        }
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        return new MigrateDatabaseResult(pending, applied.LastOrDefault() ?? "(none)");
    }
}
