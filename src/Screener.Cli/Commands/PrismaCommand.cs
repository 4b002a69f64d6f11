using System.CommandLine;
using Screener.Core.Prisma;
using Screener.Core.Reviews;

namespace Screener.Cli.Commands;

internal static class PrismaCommand
{
    public static Command Create()
    {
        var review = new Option<string>("--review") { Description = "The review's name", Required = true };
        var svg = new Option<FileInfo?>("--svg") { Description = "Also write the PRISMA 2020 flow diagram to this SVG file" };
        var command = new Command("prisma", "Print the PRISMA 2020 flow counts (human and automated exclusions apart) and write the diagram")
        {
            review, svg,
        };
        command.SetAction((parse, ct) => CliRunner.RunAsync(parse, ct, async (cli, token) =>
        {
            await using var db = await cli.OpenDbAsync(token);
            var found = await ReviewLookup.FindAsync(db, parse.GetValue(review)!, token);
            var counts = await PrismaCountsQuery.RunAsync(db, found.Id, token);
            if (parse.GetValue(svg) is { } file)
            {
                try
                {
                    await File.WriteAllTextAsync(file.FullName, PrismaDiagram.Render(counts, found.Name), token);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new Core.ScreenerException($"cannot write {file.FullName}: {e.Message}", e);
                }
            }
            cli.Report(counts, c =>
            {
                cli.Out.WriteLine($"identified {c.Identified} ({string.Join(", ", c.IdentifiedPerSource.Select(s => $"{s.Source} {s.Records}"))}), duplicates removed {c.DuplicatesRemoved}");
                cli.Out.WriteLine($"records screened {c.Screened} (PRISMA's box: every unique record), settled {c.Figures.Settled}: excluded by humans {c.ExcludedByHumans}, excluded by automation {c.ExcludedByAutomation}, " +
                    $"included {c.IncludedAfterTitleAbstract}, awaiting {c.AwaitingDecision}");
                var ft = c.FullText;
                cli.Out.WriteLine($"reports sought for retrieval {ft.ReportsSought}, not retrieved {ft.ReportsNotRetrieved}, assessed for eligibility {ft.ReportsAssessed}, " +
                    $"excluded {ft.ReportsExcluded}, awaiting {ft.AwaitingDecision}");
                foreach (var reason in ft.ExcludedWithReasons) cli.Out.WriteLine($"  excluded: {reason.Reason} {reason.Reports}");
                cli.Out.WriteLine($"studies included {ft.StudiesIncluded}");
                if (parse.GetValue(svg) is { } f) cli.Out.WriteLine($"diagram written to {f.FullName}");
            });
            return 0;
        }));
        return command;
    }
}
