using System.Xml.Linq;
using Screener.Core.Prisma;

namespace Screener.Core.Tests.Prisma;

public sealed class PrismaDiagramTests
{
    private static readonly PrismaCounts Counts = new([new SourceCount("PubMed", 120), new SourceCount("Embase <2024>", 80)],
        200, 30, 170, ExcludedByHumans: 100, ExcludedByAutomation: 7, IncludedAfterTitleAbstract: 40, AwaitingDecision: 30,
        new Core.Decisions.ScreeningFigures(170, 140, 40, 100, 5, 30),
        new FullTextFlow(40, 6, 34, 20, [new ReasonCount("wrong outcome", 12), new ReasonCount("not an RCT <phase I>", 8)], 11, 3,
            new Core.Decisions.ScreeningFigures(34, 31, 11, 20, 1, 3)));

    [Fact]
    public void The_diagram_is_well_formed_svg_with_every_count_in_its_box()
    {
        var svg = XDocument.Parse(PrismaDiagram.Render(Counts, "Emicizumab & PK"));
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();

        Assert.Contains("Databases and registers (n = 200)", texts);
        Assert.Contains("  Embase <2024> (n = 80)", texts);
        Assert.Contains("Duplicate records removed (n = 30)", texts);
        Assert.Contains("(n = 170)", texts);
        Assert.Contains("(after title/abstract: n = 40)", texts);
        Assert.Contains("Awaiting a decision (n = 30)", texts);
        Assert.Contains("PRISMA 2020 flow diagram: Emicizumab & PK", texts);
    }

    [Fact]
    public void Human_and_automated_exclusions_sit_in_separate_boxes()
    {
        var svg = PrismaDiagram.Render(Counts, "R");

        Assert.Contains("automation tools (n = 7)", svg);
        Assert.Contains("Records excluded by humans</text><text x=\"510\" y=\"", svg);
        Assert.Contains(">(n = 100)</text>", svg);
    }

    [Fact]
    public void Every_full_text_box_is_drawn_with_one_line_per_exclusion_reason()
    {
        var svg = XDocument.Parse(PrismaDiagram.Render(Counts, "R"));
        var texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();

        Assert.Equal("(n = 40)", texts[texts.IndexOf("Reports sought for retrieval") + 1]);
        Assert.Equal("(n = 6)", texts[texts.IndexOf("Reports not retrieved") + 1]);
        Assert.Equal("(n = 34)", texts[texts.IndexOf("Reports assessed for eligibility") + 1]);
        var excluded = texts.IndexOf("Reports excluded:");
        Assert.Equal(["  wrong outcome (n = 12)", "  not an RCT <phase I> (n = 8)", "Awaiting a decision (n = 3)"], texts.Skip(excluded + 1).Take(3));
        Assert.Equal("(n = 11)", texts[texts.IndexOf("Studies included in review") + 1]);
    }
}
