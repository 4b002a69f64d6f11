using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class ReviewCommand
{
    public static Command Create() => NotBuiltYet.Create("review", "Record human decisions and verify extraction drafts", "#8");
}
