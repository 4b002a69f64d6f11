using System.Globalization;
using System.Security;
using System.Text;
using Screener.Core.Decisions;
using Screener.Core.Persistence;
using Screener.Core.Vocabulary;

namespace Screener.Core.Ranking;

/// <summary>One step of a review's recall curve: after <see cref="Screened"/> settled records, <see cref="IncludesFound"/> includes.</summary>
public sealed record RecallPoint(int Screened, int IncludesFound);

/// <summary>
/// The review's recall curve so far, as ASReview draws it: settled records in the order they were first decided
/// (the order the stopping aid counts them in) against the includes found among them. A curve that has gone flat
/// says the ranking has stopped finding includes; it says nothing of includes unlike those found.
/// </summary>
public static class RecallCurve
{
    /// <summary>The settled unique records at title/abstract, in the order they were first decided (ties by record id).</summary>
    public static async Task<IReadOnlyList<RecordVotes>> SettledInOrderAsync(ScreenerDbContext db, long reviewId, CancellationToken cancellationToken) =>
        SettledInOrder(await SettledDecisions.OutcomesAsync(db, reviewId, ReviewStage.TitleAbstract, cancellationToken));

    /// <summary>The same from the title/abstract outcomes a page has already read.</summary>
    public static IReadOnlyList<RecordVotes> SettledInOrder(IEnumerable<RecordVotes> titleAbstract) =>
        titleAbstract.Where(v => v.Outcome.State == RecordState.Settled)
            .OrderBy(v => v.FirstDecidedAt ?? DateTimeOffset.MaxValue).ThenBy(v => v.RecordId).ToList();

    /// <summary>The curve of settled records in the order they were first decided (<see cref="SettledInOrder"/>).</summary>
    public static IReadOnlyList<RecallPoint> Of(IReadOnlyList<RecordVotes> settledInOrder) =>
        Points(settledInOrder.Select(v => v.Outcome.Decision == Vocabulary.ScreeningDecision.Include).ToList());

    /// <summary>One point per settled record (plus the origin), includes counted cumulatively.</summary>
    public static IReadOnlyList<RecallPoint> Points(IReadOnlyList<bool> includedInOrder)
    {
        var points = new List<RecallPoint>(includedInOrder.Count + 1) { new(0, 0) };
        var found = 0;
        for (var i = 0; i < includedInOrder.Count; i++)
        {
            if (includedInOrder[i]) found++;
            points.Add(new RecallPoint(i + 1, found));
        }
        return points;
    }

    /// <summary>
    /// The curve as SVG (axes: records screened out of <paramref name="uniqueRecords"/>, includes found), with the
    /// diagonal a random order would follow at the rate found so far, for reference. Well-formed XML, text encoded.
    /// </summary>
    public static string Svg(IReadOnlyList<RecallPoint> points, int uniqueRecords, string title)
    {
        const int left = 60, top = 30, width = 480, height = 240;
        var xMax = Math.Max(1, Math.Max(uniqueRecords, points[^1].Screened));
        var yMax = Math.Max(1, points[^1].IncludesFound);
        string X(double screened) => (left + screened / xMax * width).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(double found) => (top + height - found / yMax * height).ToString("0.#", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"recall-curve\" width=\"600\" height=\"320\" viewBox=\"0 0 600 320\" font-family=\"sans-serif\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{SecurityElement.Escape(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{width}\" height=\"{height}\" fill=\"#fff\" stroke=\"#333\"/>");
        var last = points[^1];
        if (last.Screened > 0)
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"random\" x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(last.Screened)}\" y2=\"{Y(last.IncludesFound)}\" stroke=\"#aaa\" stroke-dasharray=\"4 4\"/>");
        svg.Append("<polyline class=\"found\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"");
        svg.AppendJoin(' ', points.Select(p => $"{X(p.Screened)},{Y(p.IncludesFound)}"));
        svg.Append("\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{top + height + 16}\" text-anchor=\"middle\" font-size=\"11\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + width}\" y=\"{top + height + 16}\" text-anchor=\"middle\" font-size=\"11\">{xMax}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + height + 4}\" text-anchor=\"end\" font-size=\"11\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + 4}\" text-anchor=\"end\" font-size=\"11\">{yMax}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + width / 2}\" y=\"{top + height + 34}\" text-anchor=\"middle\" font-size=\"12\">records screened ({last.Screened} of {uniqueRecords})</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{top + height / 2}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 {top + height / 2})\">includes found ({last.IncludesFound})</text>");
        return svg.Append("</svg>").ToString();
    }
}
