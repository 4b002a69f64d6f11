using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class SimulateCommand
{
    public static Command Create() => NotBuiltYet.Create("simulate", "Replay labelled data through active learning and report recall curves", "#7");
}
