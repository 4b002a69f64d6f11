using System.Globalization;
using System.Security;
using System.Text;

namespace Screener.Core.Evaluation;

/// <summary>Hand-written SVG (no plotting dependency): a confusion-matrix heat map and recall curves. Output is well-formed XML.</summary>
public static class SvgPlots
{
    private const string Font = "font-family=\"sans-serif\"";

    /// <summary>Each cell is shaded by its share of the true class (row), so a weak sensitivity shows at any prevalence.</summary>
    public static string ConfusionMatrix(ConfusionMatrix m, string title)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\" height=\"300\" viewBox=\"0 0 360 300\" {Font}>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"180\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>\n");
        svg.Append("<text x=\"220\" y=\"45\" text-anchor=\"middle\" font-size=\"12\">predicted</text>\n");
        svg.Append("<text x=\"20\" y=\"170\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 20 170)\">human</text>\n");
        (string Row, string Column, int Count, int RowTotal, int X, int Y)[] cells =
        [
            ("include", "include", m.TruePositives, m.ActualPositives, 120, 70),
            ("include", "exclude", m.FalseNegatives, m.ActualPositives, 220, 70),
            ("exclude", "include", m.FalsePositives, m.ActualNegatives, 120, 170),
            ("exclude", "exclude", m.TrueNegatives, m.ActualNegatives, 220, 170),
        ];
        foreach (var c in cells)
        {
            var share = c.RowTotal == 0 ? 0 : (double)c.Count / c.RowTotal;
            var shade = (int)Math.Round(255 - 180 * share);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{c.X}\" y=\"{c.Y}\" width=\"100\" height=\"100\" fill=\"rgb({shade},{shade},255)\" stroke=\"#333\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{c.X + 50}\" y=\"{c.Y + 50}\" text-anchor=\"middle\" font-size=\"18\">{c.Count}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{c.X + 50}\" y=\"{c.Y + 72}\" text-anchor=\"middle\" font-size=\"11\">{share:0.0%} of row</text>\n");
        }
        svg.Append("<text x=\"170\" y=\"62\" text-anchor=\"middle\" font-size=\"12\">include</text><text x=\"270\" y=\"62\" text-anchor=\"middle\" font-size=\"12\">exclude</text>\n");
        svg.Append("<text x=\"112\" y=\"124\" text-anchor=\"end\" font-size=\"12\">include</text><text x=\"112\" y=\"224\" text-anchor=\"end\" font-size=\"12\">exclude</text>\n");
        return svg.Append("</svg>\n").ToString();
    }

    private static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>Recall against the share of records screened, one line per group, with the diagonal of random order for reference.</summary>
    public static string RecallCurves(IReadOnlyList<RankingSummary> rankings, string title)
    {
        const int left = 60, top = 40, width = 400, height = 300;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"400\" viewBox=\"0 0 640 400\" {Font}>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">{Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{width}\" height=\"{height}\" fill=\"none\" stroke=\"#333\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + height}\" x2=\"{left + width}\" y2=\"{top}\" stroke=\"#aaa\" stroke-dasharray=\"4 4\"/>\n");
        for (var tick = 0; tick <= 4; tick++)
        {
            var share = tick / 4.0;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + share * width:0.#}\" y=\"{top + height + 16}\" text-anchor=\"middle\" font-size=\"11\">{share:0%}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + height - share * height + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{share:0%}</text>\n");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + width / 2}\" y=\"{top + height + 34}\" text-anchor=\"middle\" font-size=\"12\">records screened</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{top + height / 2}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 {top + height / 2})\">recall</text>\n");
        for (var i = 0; i < rankings.Count; i++)
        {
            var r = rankings[i];
            var colour = Colours[i % Colours.Length];
            var points = string.Join(' ', r.Curve.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{left + (r.Records == 0 ? 0 : (double)p.Screened / r.Records) * width:0.##},{top + height - p.Recall * height:0.##}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{points}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + width + 12}\" y=\"{top + 14 + 16 * i}\" font-size=\"11\" fill=\"{colour}\">{Escape(r.Group)} (WSS@95 {r.Wss95:0.000})</text>\n");
        }
        return svg.Append("</svg>\n").ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
