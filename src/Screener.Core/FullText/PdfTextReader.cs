using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig.Tokens;

namespace Screener.Core.FullText;

/// <summary>
/// A PDF's text page by page through PdfPig: words by nearest neighbour, blocks by Docstrum, blocks put in reading
/// order (so the left column of a two-column page is read before the right), then <see cref="PageLayout"/>.
/// A PDF with no letters on any page has no text layer (a scan): it is "needs OCR", since Screener has no OCR.
/// </summary>
public static class PdfTextReader
{
    public static ParsedFullText Read(byte[] content, CancellationToken ct)
    {
        try
        {
            // Lenient parsing off: a truncated or damaged file fails with a reason instead of yielding part of its pages.
            using var document = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = false });
            var lines = new List<IReadOnlyList<string>>(document.NumberOfPages);
            var letters = 0;
            foreach (var page in document.GetPages())
            {
                ct.ThrowIfCancellationRequested();
                letters += page.Letters.Count;
                lines.Add(PageLines(page));
            }
            var stated = Stated(document.Information);
            if (letters == 0)
                return new ParsedFullText(FullTextSourceKind.Pdf, FullTextStatus.NeedsOcr,
                    $"no text layer on any of its {lines.Count} page(s) (a scan?): Screener has no OCR; run one and attach the text it gives",
                    [], stated, []);
            var lead = lines.Count == 0 ? [] : lines[0].Where(l => l.Trim().Length > 0).Take(ParsedFullText.LeadLineCount).ToList();
            return new ParsedFullText(FullTextSourceKind.Pdf, FullTextStatus.Text, null, PageLayout.Assemble(lines), stated, lead);
        }
        catch (PdfDocumentEncryptedException)
        {
            return ParsedFullText.Failed(FullTextSourceKind.Pdf, "the PDF is encrypted with a password: save an unprotected copy and attach that");
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // PdfPig reports a damaged file through many exception types (format, index, key, cast): each is this file's problem alone.
            return ParsedFullText.Failed(FullTextSourceKind.Pdf, $"the PDF could not be read (truncated or damaged?): {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static List<string> PageLines(Page page)
    {
        if (page.Letters.Count == 0) return [];
        var words = NearestNeighbourWordExtractor.Instance.GetWords(page.Letters);
        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        var ordered = UnsupervisedReadingOrderDetector.Instance.Get(blocks).OrderBy(b => b.ReadingOrder);
        var lines = new List<string>();
        foreach (var block in ordered)
        {
            if (lines.Count > 0) lines.Add("");
            lines.AddRange(block.TextLines.Select(l => l.Text));
        }
        return lines;
    }

    private static StatedIdentifiers Stated(DocumentInformation info)
    {
        var text = string.Join("\n", new[] { info.Title, info.Subject, info.Keywords }.Where(t => !string.IsNullOrWhiteSpace(t))
            .Concat((info.DocumentInformationDictionary?.Data ?? new Dictionary<string, IToken>()).Where(kv => kv.Key.Equals("doi", StringComparison.OrdinalIgnoreCase))
                .Select(kv => kv.Value is StringToken s ? s.Data : kv.Value.ToString() ?? "")));
        return new StatedIdentifiers(string.IsNullOrWhiteSpace(info.Title) ? null : info.Title.Trim(),
            FullTextIdentifiers.Dois(text), FullTextIdentifiers.Pmids(text));
    }
}
