using System.CommandLine;

namespace Screener.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create() => NotBuiltYet.Create("import", "Import search exports (RIS, MEDLINE, BibTeX, CSV/TSV) into a review", "#3");
}
