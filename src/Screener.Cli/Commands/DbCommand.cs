using System.CommandLine;
using Screener.Core.Persistence;

namespace Screener.Cli.Commands;

internal static class DbCommand
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Apply the database migrations (run by scripts/setup.sh)");
        migrate.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var result = await MigrateDatabase.RunAsync(db, token);
            cli.Report(result, r => cli.Out.WriteLine(r.Applied.Count == 0
                ? $"database is up to date ({r.CurrentMigration})"
                : $"applied {r.Applied.Count} migration(s): {string.Join(", ", r.Applied)}"));
            return 0;
        }));
        return new Command("db", "Database maintenance") { migrate };
    }
}
