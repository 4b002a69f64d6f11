using System.Text;

namespace Screener.Core.FullText;

/// <summary>
/// A plain-text full text (UTF-8 or UTF-16 with a byte-order mark): form feeds separate pages, as pdftotext writes
/// them; a text without form feeds is one page. Lines go through <see cref="PageLayout"/> like a PDF's.
/// </summary>
public static class PlainTextReader
{
    public static ParsedFullText Read(byte[] content)
    {
        string text;
        try
        {
            text = EncodingOf(content).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return ParsedFullText.Failed(FullTextSourceKind.Text, "the text file is not UTF-8 (or UTF-16 with a byte-order mark): save it as UTF-8");
        }
        var pages = text.Split('\f').Select(p => (IReadOnlyList<string>)p.ReplaceLineEndings("\n").Split('\n')).ToList();
        // A trailing form feed (pdftotext ends every page with one) does not start a page.
        if (pages.Count > 1 && pages[^1].All(l => l.Trim().Length == 0)) pages.RemoveAt(pages.Count - 1);
        if (pages.All(p => p.All(l => l.Trim().Length == 0)))
            return ParsedFullText.Failed(FullTextSourceKind.Text, "the text file is empty");
        var lead = pages[0].Where(l => l.Trim().Length > 0).Take(ParsedFullText.LeadLineCount).ToList();
        return new ParsedFullText(FullTextSourceKind.Text, FullTextStatus.Text, null, PageLayout.Assemble(pages), StatedIdentifiers.None, lead);
    }

    private static Encoding EncodingOf(byte[] content) =>
        content.Length >= 2 && content[0] == 0xFF && content[1] == 0xFE ? Encoding.Unicode
        : content.Length >= 2 && content[0] == 0xFE && content[1] == 0xFF ? Encoding.BigEndianUnicode
        : new UTF8Encoding(false, throwOnInvalidBytes: true);
}
