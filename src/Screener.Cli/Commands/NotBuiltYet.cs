using System.CommandLine;

namespace Screener.Cli.Commands;

/// <summary>A verb whose capability has not landed yet: it says so and exits non-zero instead of pretending.</summary>
internal static class NotBuiltYet
{
    public static Command Create(string name, string description, string issue)
    {
        var command = new Command(name, $"{description} (not built yet)");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, _) =>
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: `screener {name}` is not built yet (tracked in issue {issue})");
            return 4;
        });
        return command;
    }
}
