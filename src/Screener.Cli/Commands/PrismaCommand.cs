using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class PrismaCommand
{
    public static Command Create() => NotBuiltYet.Create("prisma", "Print the PRISMA 2020 flow counts and diagram", "#8");
}
