using System.Globalization;
using System.Security;
using System.Text;

namespace Screener.Core.Prisma;

/// <summary>
/// The PRISMA 2020 flow diagram (new systematic reviews, databases and registers) as a standalone SVG.
/// Following the statement, records marked ineligible by automation tools sit in "removed before screening"
/// and human exclusions in "records excluded", so the two are never summed into one number. The full-text boxes
/// (sought, not retrieved, assessed, excluded with one line per reason, included) come from <see cref="FullTextFlow"/>.
/// </summary>
public static class PrismaDiagram
{
    private const int Width = 820;
    private const int MainX = 130;
    private const int SideX = 500;
    private const int BoxWidth = 300;
    private const int LineHeight = 18;

    public static string Render(PrismaCounts c, string title)
    {
        var svg = new StringBuilder();
        var identified = new List<string> { "Records identified from:", $"Databases and registers (n = {c.Identified})" };
        identified.AddRange(c.IdentifiedPerSource.Select(s => $"  {s.Source} (n = {s.Records})"));
        var removed = new List<string>
        {
            "Records removed before screening:", $"Duplicate records removed (n = {c.DuplicatesRemoved})",
            $"Records marked as ineligible by", $"automation tools (n = {c.ExcludedByAutomation})",
        };
        var y = 60;
        var idHeight = Height(Math.Max(identified.Count, removed.Count));
        Box(svg, MainX, y, idHeight, identified);
        Box(svg, SideX, y, idHeight, removed);
        Arrow(svg, MainX + BoxWidth, y + idHeight / 2, SideX, y + idHeight / 2);
        Phase(svg, "Identification", y, idHeight);

        var y2 = y + idHeight + 40;
        var screenHeight = Height(3);
        Arrow(svg, MainX + BoxWidth / 2, y + idHeight, MainX + BoxWidth / 2, y2);
        Box(svg, MainX, y2, screenHeight, ["Records screened", "(title and abstract)", $"(n = {c.Screened})"]);
        Box(svg, SideX, y2, screenHeight, ["Records excluded by humans", $"(n = {c.ExcludedByHumans})", $"Awaiting a decision (n = {c.AwaitingDecision})"]);
        Arrow(svg, MainX + BoxWidth, y2 + screenHeight / 2, SideX, y2 + screenHeight / 2);

        var y5 = FullTextBoxes(svg, c.FullText, y2, y2 + screenHeight + 40);
        var includedHeight = Height(3);
        Box(svg, MainX, y5, includedHeight, ["Studies included in review", $"(n = {c.FullText.StudiesIncluded})",
            $"(after title/abstract: n = {c.IncludedAfterTitleAbstract})"]);
        Phase(svg, "Included", y5, includedHeight);

        var height = y5 + includedHeight + 30;
        var header = string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"prisma-title\" font-family=\"Arial, Helvetica, sans-serif\" font-size=\"13\">");
        var defs = "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#333\"/></marker></defs>";
        var heading = $"<title id=\"prisma-title\">PRISMA 2020 flow diagram: {Escape(title)}</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" +
            $"<text x=\"{Width / 2}\" y=\"30\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">PRISMA 2020 flow diagram: {Escape(title)}</text>";
        return header + defs + heading + svg + "</svg>";
    }

    /// <summary>Sought / not retrieved, then assessed / excluded with one line per reason; returns where the included box goes.</summary>
    private static int FullTextBoxes(StringBuilder svg, FullTextFlow ft, int screeningTop, int y)
    {
        var soughtHeight = Height(2);
        Arrow(svg, MainX + BoxWidth / 2, y - 40, MainX + BoxWidth / 2, y);
        Box(svg, MainX, y, soughtHeight, ["Reports sought for retrieval", $"(n = {ft.ReportsSought})"]);
        Box(svg, SideX, y, soughtHeight, ["Reports not retrieved", $"(n = {ft.ReportsNotRetrieved})"]);
        Arrow(svg, MainX + BoxWidth, y + soughtHeight / 2, SideX, y + soughtHeight / 2);

        var y2 = y + soughtHeight + 40;
        var excluded = new List<string> { "Reports excluded:" };
        excluded.AddRange(ft.ExcludedWithReasons.Select(r => $"  {r.Reason} (n = {r.Reports})"));
        if (ft.ExcludedWithReasons.Count == 0) excluded.Add("  none (n = 0)");
        excluded.Add($"Awaiting a decision (n = {ft.AwaitingDecision})");
        var assessedHeight = Height(Math.Max(2, excluded.Count));
        Arrow(svg, MainX + BoxWidth / 2, y + soughtHeight, MainX + BoxWidth / 2, y2);
        Box(svg, MainX, y2, assessedHeight, ["Reports assessed for eligibility", $"(n = {ft.ReportsAssessed})"]);
        Box(svg, SideX, y2, assessedHeight, excluded);
        Arrow(svg, MainX + BoxWidth, y2 + assessedHeight / 2, SideX, y2 + assessedHeight / 2);
        Phase(svg, "Screening", screeningTop, y2 + assessedHeight - screeningTop);
        Arrow(svg, MainX + BoxWidth / 2, y2 + assessedHeight, MainX + BoxWidth / 2, y2 + assessedHeight + 40);
        return y2 + assessedHeight + 40;
    }

    private static int Height(int lines) => 16 + lines * LineHeight;

    private static void Box(StringBuilder svg, int x, int y, int height, IEnumerable<string> lines)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{height}\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.2\" rx=\"3\"/>");
        var lineY = y + 8 + LineHeight - 4;
        foreach (var line in lines)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 10}\" y=\"{lineY}\" xml:space=\"preserve\">{Escape(line)}</text>");
            lineY += LineHeight;
        }
    }

    private static void Arrow(StringBuilder svg, int x1, int y1, int x2, int y2) =>
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"#333\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>");

    private static void Phase(StringBuilder svg, string name, int y, int height)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"20\" y=\"{y}\" width=\"90\" height=\"{height}\" fill=\"#cfe2f3\" stroke=\"#333\" rx=\"3\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"65\" y=\"{y + height / 2 + 4}\" text-anchor=\"middle\" font-weight=\"bold\">{name}</text>");
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
