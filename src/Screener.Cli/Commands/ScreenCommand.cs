using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class ScreenCommand
{
    public static Command Create() => NotBuiltYet.Create("screen", "Screen titles and abstracts with the configured LLM", "#4");
}
