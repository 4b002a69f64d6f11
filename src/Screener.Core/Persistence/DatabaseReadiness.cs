using Microsoft.EntityFrameworkCore;

namespace Screener.Core.Persistence;

/// <summary>Whether the database answers now: a pooled connection and a real round trip (opening a pooled connection alone may not reach the server).</summary>
public static class DatabaseReadiness
{
    public static async Task PingAsync(ScreenerDbContext db, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
}
