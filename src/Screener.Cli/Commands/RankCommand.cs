using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class RankCommand
{
    public static Command Create() => NotBuiltYet.Create("rank", "Rank unscreened records by likely relevance", "#7");
}
