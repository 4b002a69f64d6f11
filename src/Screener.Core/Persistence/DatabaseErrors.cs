using System.Net.Sockets;
using Npgsql;

namespace Screener.Core.Persistence;

/// <summary>Turns low-level database failures into messages that say what to do.</summary>
public static class DatabaseErrors
{
    public static string? Explain(Exception e, string connectionString)
    {
        var where = ScreenerDatabase.Describe(connectionString);
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException { SqlState: "3D000" }:
                    return $"database does not exist at {where}: run scripts/setup.sh (or createdb) and `screener db migrate`";
                case PostgresException { SqlState: "42P01" or "42703" }:
                    return $"the database at {where} is not migrated to this version: run `screener db migrate`";
                case PostgresException { SqlState: "28P01" or "28000" }:
                    return $"PostgreSQL refused the login for {where}: check SCREENER__ConnectionStrings__Screener";
                case PostgresException { SqlState: "57P01" or "57P02" or "57P03" }:
                    return $"PostgreSQL at {where} is shutting down or starting up: retry in a moment (nothing already saved is lost)";
                case SocketException or TimeoutException:
                    return $"cannot reach PostgreSQL at {where} ({x.Message}): start it with scripts/setup.sh, or set SCREENER__ConnectionStrings__Screener";
                case NpgsqlException { InnerException: null } when x.Message.Contains("connect", StringComparison.OrdinalIgnoreCase):
                    return $"cannot reach PostgreSQL at {where} ({x.Message}): start it with scripts/setup.sh, or set SCREENER__ConnectionStrings__Screener";
                case NpgsqlException { IsTransient: true, InnerException: IOException }:
                    return $"lost the connection to PostgreSQL at {where} (the server restarted or the network dropped): retry (nothing already saved is lost)";
            }
        }
        return null;
    }

    /// <summary>
    /// True when the database could not be reached or went away mid-request (server down, restarting, connection cut),
    /// or answered with an error Npgsql marks transient (a deadlock, a serialization failure, too many connections):
    /// a retry later can succeed, unlike an error in what was asked.
    /// </summary>
    public static bool IsUnavailable(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is PostgresException { SqlState: "57P01" or "57P02" or "57P03" } or SocketException or NpgsqlException { IsTransient: true })
                return true;
        return false;
    }
}
