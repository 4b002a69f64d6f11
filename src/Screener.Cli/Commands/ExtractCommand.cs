using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class ExtractCommand
{
    public static Command Create() => NotBuiltYet.Create("extract", "Draft extraction rows for included records", "#6");
}
