using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create() => NotBuiltYet.Create("export", "Export records, decisions or extraction tables", "#3");
}
