using System.CommandLine;
using Screener.Cli.Commands;

namespace Screener.Cli;

/// <summary>The `screener` command tree. Each verb lives in Commands/ and only translates argv to a use case.</summary>
public static class CliApp
{
    /// <summary>Accepted by every verb: print a machine-readable summary on stdout instead of text.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print a machine-readable JSON summary on stdout",
        Recursive = true,
    };

    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("Screener: LLM-assisted screening and extraction for systematic reviews")
        {
            Json,
            InitCommand.Create(),
            StatusCommand.Create(),
            ReviewsCommand.Create(),
            RunsCommand.Create(),
            DbCommand.Create(),
            ImportCommand.Create(),
            DedupCommand.Create(),
            ScreenCommand.Create(),
            ExtractCommand.Create(),
            ReviewCommand.Create(),
            EvalCommand.Create(),
            SimulateCommand.Create(),
            RankCommand.Create(),
            SimilarCommand.Create(),
            EmbedCommand.Create(),
            FullTextCommand.Create(),
            PrismaCommand.Create(),
            ReportCommand.Create(),
            ExportCommand.Create(),
            ServeCommand.Create(),
        };
        return root;
    }
}
