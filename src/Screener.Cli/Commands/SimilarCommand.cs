using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class SimilarCommand
{
    public static Command Create() => NotBuiltYet.Create("similar", "Find records similar to a record", "#7");
}
