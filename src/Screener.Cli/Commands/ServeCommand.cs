using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class ServeCommand
{
    public static Command Create() => NotBuiltYet.Create("serve", "Run the REST API and reviewer web UI", "#8");
}
