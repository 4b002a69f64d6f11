using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Screener.Core.Tests.TestData;

/// <summary>What a generated paper holds: its title and DOI on page 1, body pages of paragraphs, one or two columns.</summary>
public sealed record PaperSpec(string Title, string? Doi, int Pages, bool TwoColumns = false, int Seed = 1, string Journal = "Journal of Synthetic Results");

/// <summary>
/// PDFs written with PdfPig's builder for the full-text tests and the bench: a running header with the page number,
/// a page-number footer, a title block and DOI on page 1, IMRaD headings, paragraphs wrapped to the column width.
/// </summary>
public static class TestPdfs
{
    private const double PageWidth = 595, PageHeight = 842, Left = 50, FontSize = 10, Leading = 13;
    private const double Top = 790, Bottom = 60;

    private static readonly string[] Words =
        ("patients cohort model prediction validation cardiovascular outcomes hospital sample regression accuracy " +
        "sensitivity specificity calibration discrimination derivation external internal participants baseline " +
        "follow-up mortality admission clinical variables missing imputation bootstrap performance threshold").Split(' ');

    private static readonly string[] Headings = ["1. Introduction", "2. Methods", "3. Results", "4. Discussion", "5. Conclusions"];

    public static byte[] Paper(PaperSpec spec)
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = spec.Title;
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var random = new Random(spec.Seed);
        for (var p = 1; p <= spec.Pages; p++)
        {
            var page = builder.AddPage(PageWidth, PageHeight);
            page.AddText($"{spec.Journal} 2026; 14: {p}", 8, new PdfPoint(Left, 815), font);
            page.AddText($"{p}", 8, new PdfPoint(PageWidth / 2, 30), font);
            var y = Top;
            if (p == 1)
            {
                page.AddText(spec.Title, 14, new PdfPoint(Left, y), bold);
                y -= 22;
                if (spec.Doi is not null) page.AddText($"https://doi.org/{spec.Doi}", 9, new PdfPoint(Left, y), font);
                y -= 24;
            }
            var heading = Headings[(p - 1) % Headings.Length];
            if (spec.TwoColumns)
            {
                Column(page, font, bold, heading + " (left)", Left, 235, y, random);
                Column(page, font, bold, null, 310, 235, y, random);
            }
            else Column(page, font, bold, heading, Left, 495, y, random);
        }
        return builder.Build();
    }

    /// <summary>Fills one column from <paramref name="y"/> down with a heading (when given) and paragraphs.</summary>
    private static void Column(PdfPageBuilder page, PdfDocumentBuilder.AddedFont font, PdfDocumentBuilder.AddedFont bold, string? heading,
        double x, double width, double y, Random random)
    {
        if (heading is not null)
        {
            page.AddText(heading, 11, new PdfPoint(x, y), bold);
            y -= Leading * 1.6;
        }
        while (y > Bottom + Leading * 4)
        {
            foreach (var line in Wrap(Paragraph(random), CharsFor(width)))
            {
                if (y < Bottom) break;
                page.AddText(line, FontSize, new PdfPoint(x, y), font);
                y -= Leading;
            }
            y -= Leading * 0.8;
        }
    }

    public static string Paragraph(Random random)
    {
        var sb = new StringBuilder();
        var sentences = random.Next(3, 6);
        for (var s = 0; s < sentences; s++)
        {
            var n = random.Next(8, 16);
            for (var w = 0; w < n; w++)
            {
                var word = Words[random.Next(Words.Length)];
                sb.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(w == n - 1 ? ". " : " ");
            }
        }
        return sb.ToString().Trim();
    }

    /// <summary>Helvetica at 10 pt averages about 5 pt per character of this text.</summary>
    private static int CharsFor(double width) => (int)(width / 5.2);

    public static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    /// <summary>A PDF of given lines at given positions on each page (x, y, text), one font; for the specific layouts tests need.</summary>
    public static byte[] Lines(IReadOnlyList<IReadOnlyList<(double X, double Y, string Text)>> pages, byte[]? trueTypeFont = null, string? title = null)
    {
        using var builder = new PdfDocumentBuilder();
        if (title is not null) builder.DocumentInformation.Title = title;
        var font = trueTypeFont is null ? builder.AddStandard14Font(Standard14Font.Helvetica) : builder.AddTrueTypeFont(trueTypeFont);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageWidth, PageHeight);
            foreach (var (x, y, text) in lines) page.AddText(text, FontSize, new PdfPoint(x, y), font);
        }
        return builder.Build();
    }

    /// <summary>Pages with drawn shapes and no text at all: what a scan without a text layer looks like to a text extractor.</summary>
    public static byte[] WithoutTextLayer(int pages)
    {
        using var builder = new PdfDocumentBuilder();
        for (var p = 0; p < pages; p++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.DrawRectangle(new PdfPoint(50, 50), 400, 600, 2, fill: false);
            page.DrawLine(new PdfPoint(60, 700), new PdfPoint(500, 700), 1);
        }
        return builder.Build();
    }
}
