using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig.Tokens;

namespace Screener.Core.FullText;

/// <summary>
/// A PDF's text page by page through PdfPig: words by nearest neighbour, blocks by Docstrum, blocks put in column
/// reading order by <see cref="ColumnOrder"/> (PdfPig 0.1.16's UnsupervisedReadingOrderDetector kept the content
/// stream's order for side-by-side columns, so a right column written first was read first), then <see cref="PageLayout"/>.
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
            // PdfPig reads pages one at a time (a document is not thread-safe); the layout of the letters (words,
            // blocks, columns: most of the time) is pure, so a batch of pages is laid out on every core at once. The
            // batch bounds how many pages' letters are held.
            var batch = new List<(IReadOnlyList<Letter> Letters, double Width)>(LayoutBatch);
            foreach (var page in document.GetPages())
            {
                ct.ThrowIfCancellationRequested();
                letters += page.Letters.Count;
                batch.Add((page.Letters, page.Width));
                if (batch.Count == LayoutBatch) LayOut(batch, lines, ct);
            }
            LayOut(batch, lines, ct);
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

    private static readonly int LayoutBatch = Math.Max(2, 2 * Environment.ProcessorCount);

    // Pages are laid out in parallel, so each page's own layout runs on one thread (PdfPig's default parallelises
    // inside a page, which costs more in coordination than a page's few thousand letters are worth).
    private static readonly NearestNeighbourWordExtractor Words =
        new(new NearestNeighbourWordExtractor.NearestNeighbourWordExtractorOptions { MaxDegreeOfParallelism = 1 });

    private static readonly DocstrumBoundingBoxes Blocks =
        new(new DocstrumBoundingBoxes.DocstrumBoundingBoxesOptions { MaxDegreeOfParallelism = 1 });

    private static void LayOut(List<(IReadOnlyList<Letter> Letters, double Width)> batch, List<IReadOnlyList<string>> lines, CancellationToken ct)
    {
        var laidOut = new IReadOnlyList<string>[batch.Count];
        try
        {
            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = ct }, i => laidOut[i] = PageLines(batch[i].Letters, batch[i].Width));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            // The file's own problem, with its own message (the caller turns it into this file's failure reason).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        lines.AddRange(laidOut);
        batch.Clear();
    }

    private static List<string> PageLines(IReadOnlyList<Letter> letters, double width)
    {
        if (letters.Count == 0) return [];
        var words = Words.GetWords(letters);
        var blocks = Blocks.GetBlocks(words);
        var ordered = ColumnOrder.Arrange(blocks, b => (b.BoundingBox.Left, b.BoundingBox.Right, b.BoundingBox.Top), width);
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
