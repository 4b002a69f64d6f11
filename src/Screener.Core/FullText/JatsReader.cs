using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Screener.Core.FullText;

/// <summary>
/// A PubMed Central JATS XML article (what open-access papers come as): DOI, PMID and title from article-meta, the
/// abstract, then the body with a section per &lt;sec&gt;&lt;title&gt;; tables row by row (cells separated by " | ")
/// and figure captions kept in place. JATS has no pages: the whole text is page 1. The reference list is left
/// out: it names other studies' titles and DOIs, which would mislead matching and chunk retrieval.
/// </summary>
public static partial class JatsReader
{
    public static ParsedFullText Read(byte[] content)
    {
        XDocument xml;
        try
        {
            // PMC files name a DTD; it is not fetched (no network, and entity expansion is an attack surface).
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(content), settings);
            xml = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return ParsedFullText.Failed(FullTextSourceKind.Jats, $"the XML is not well formed at line {e.LineNumber}: {e.Message}");
        }
        var root = xml.Root;
        if (root is null || root.Name.LocalName != "article")
            return ParsedFullText.Failed(FullTextSourceKind.Jats, $"the XML root is <{root?.Name.LocalName}>, not a JATS <article>");
        var meta = root.Descendants().FirstOrDefault(e => e.Name.LocalName == "article-meta");
        var page = new PageBuilder();
        if (meta?.Elements().FirstOrDefault(e => e.Name.LocalName == "abstract") is { } summary)
        {
            page.Heading("Abstract");
            Walk(summary, page);
        }
        if (root.Elements().FirstOrDefault(e => e.Name.LocalName == "body") is { } body) Walk(body, page);
        if (page.IsEmpty)
            return ParsedFullText.Failed(FullTextSourceKind.Jats, "the JATS article has no abstract or body text (metadata only?)");
        var title = Clean(meta?.Descendants().FirstOrDefault(e => e.Name.LocalName == "article-title")?.Value);
        var stated = new StatedIdentifiers(title.Length == 0 ? null : title, Ids(meta, "doi"), Ids(meta, "pmid"));
        return new ParsedFullText(FullTextSourceKind.Jats, FullTextStatus.Text, null, [page.Build()], stated, title.Length == 0 ? [] : [title]);
    }

    private static List<string> Ids(XElement? meta, string type) =>
        meta?.Elements().Where(e => e.Name.LocalName == "article-id" && (string?)e.Attribute("pub-id-type") == type)
            .Select(e => Clean(e.Value)).Where(v => v.Length > 0)
            .Select(v => type == "doi" ? Dedup.DedupKeys.Doi(v) : Dedup.DedupKeys.Pmid(v)).OfType<string>().ToList() ?? [];

    private static void Walk(XElement element, PageBuilder page)
    {
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "sec":
                    if (child.Elements().FirstOrDefault(e => e.Name.LocalName == "title") is { } title) page.Heading(Clean(title.Value));
                    Walk(child, page);
                    break;
                case "title": break; // read by its sec
                case "p": page.Paragraph(Clean(child.Value)); break;
                case "table-wrap": Table(child, page); break;
                case "fig": page.Paragraph(Clean(child.Elements().FirstOrDefault(e => e.Name.LocalName == "caption")?.Value)); break;
                case "ref-list": break;
                default: Walk(child, page); break;
            }
        }
    }

    private static void Table(XElement table, PageBuilder page)
    {
        page.Paragraph(Clean(string.Join(" ", table.Elements().Where(e => e.Name.LocalName is "label" or "caption").Select(e => e.Value))));
        foreach (var row in table.Descendants().Where(e => e.Name.LocalName == "tr"))
            page.Line(string.Join(" | ", row.Elements().Select(c => Clean(c.Value))));
        page.Paragraph(Clean(string.Join(" ", table.Elements().Where(e => e.Name.LocalName == "table-wrap-foot").Select(e => e.Value))));
    }

    private static string Clean(string? text) => text is null ? "" : Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed class PageBuilder
    {
        private readonly StringBuilder _text = new();
        private readonly List<SectionStart> _sections = [];

        public bool IsEmpty => _text.Length == 0;

        public void Heading(string title)
        {
            if (title.Length == 0) return;
            Break("\n\n");
            _sections.Add(new SectionStart(_text.Length, title));
            _text.Append(title);
        }

        public void Paragraph(string text)
        {
            if (text.Length == 0) return;
            Break("\n\n");
            _text.Append(text);
        }

        public void Line(string text)
        {
            if (text.Trim(' ', '|').Length == 0) return;
            Break("\n");
            _text.Append(text);
        }

        public ParsedPage Build() => new(1, _text.ToString(), _sections);

        private void Break(string separator)
        {
            if (_text.Length > 0) _text.Append(separator);
        }
    }
}
