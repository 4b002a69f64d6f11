using System.Xml.Linq;
using Screener.Core.Ranking;

namespace Screener.Core.Tests.Ranking;

public sealed class RecallCurveTests
{
    [Fact]
    public void Points_count_includes_cumulatively_from_the_origin()
    {
        var points = RecallCurve.Points([false, true, false, true, true]);

        Assert.Equal([new(0, 0), new(1, 0), new(2, 1), new(3, 1), new(4, 2), new(5, 3)], points);
    }

    [Fact]
    public void The_svg_is_well_formed_encodes_its_title_and_ends_at_the_last_point()
    {
        var svg = RecallCurve.Svg(RecallCurve.Points([true, false]), 10, "<A & B>");

        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("<A & B>", doc.Root!.Element(ns + "title")!.Value);
        var points = doc.Descendants(ns + "polyline").Single().Attribute("points")!.Value.Split(' ');
        Assert.Equal(3, points.Length);
        // Two of ten records screened: the curve ends a fifth of the way along the 480-wide axis, at the top (1 of 1 include).
        Assert.Equal("156,30", points[^1]);
        Assert.Contains("records screened (2 of 10)", svg);
    }

    [Fact]
    public void A_review_with_nothing_settled_draws_the_origin_only()
    {
        var svg = RecallCurve.Svg(RecallCurve.Points([]), 0, "empty");

        Assert.Single(XDocument.Parse(svg).Descendants(XName.Get("polyline", "http://www.w3.org/2000/svg")).Single().Attribute("points")!.Value.Split(' '));
    }
}
