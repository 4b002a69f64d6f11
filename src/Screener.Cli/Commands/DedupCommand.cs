using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class DedupCommand
{
    public static Command Create() => NotBuiltYet.Create("dedup", "Find and merge duplicate records, with an undoable log", "#3");
}
