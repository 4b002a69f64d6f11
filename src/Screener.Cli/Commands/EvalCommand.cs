using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create() => NotBuiltYet.Create("eval", "Measure agreement between predictions and human labels", "#5");
}
