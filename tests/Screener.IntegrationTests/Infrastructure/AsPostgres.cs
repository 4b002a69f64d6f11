using System.Diagnostics;

namespace Screener.IntegrationTests.Infrastructure;

/// <summary>A shell command run as the postgres system user, as scripts/setup.sh's as_postgres runs it (runuser as root, else sudo).</summary>
internal static class AsPostgres
{
    public static Process Start(string command) =>
        Process.Start(new ProcessStartInfo("bash",
            ["-c", $"if [ \"$(id -u)\" -eq 0 ]; then runuser -u postgres -- {command}; else sudo -u postgres {command}; fi"])
        {
            RedirectStandardError = true,
        })!;
}
