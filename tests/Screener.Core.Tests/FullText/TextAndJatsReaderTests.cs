using System.Text;
using Screener.Core.FullText;

namespace Screener.Core.Tests.FullText;

public sealed class TextAndJatsReaderTests
{
    [Fact]
    public void Plain_text_form_feeds_separate_pages_and_a_trailing_one_adds_none()
    {
        var parsed = FullTextFileReader.Read(Encoding.UTF8.GetBytes("Page one text.\fPage two text.\f"), "paper.txt", CancellationToken.None);

        Assert.Equal(FullTextSourceKind.Text, parsed.Kind);
        Assert.Equal(["Page one text.", "Page two text."], parsed.Pages.Select(p => p.Text));
    }

    [Fact]
    public void Plain_text_without_form_feeds_is_one_page_and_utf16_is_read()
    {
        var parsed = FullTextFileReader.Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("Μία σελίδα.\nSecond line.")], "paper.txt", CancellationToken.None);

        Assert.Equal("Μία σελίδα.\nSecond line.", parsed.Pages.Single().Text);
    }

    [Fact]
    public void Text_that_is_not_utf8_fails_with_the_reason()
    {
        var parsed = FullTextFileReader.Read([0x66, 0xE9, 0xFF, 0x20], "paper.txt", CancellationToken.None);

        Assert.Equal(FullTextStatus.Failed, parsed.Status);
        Assert.Contains("not UTF-8", parsed.Reason);
    }

    [Fact]
    public void Unsupported_extension_fails_naming_what_is_read()
    {
        var parsed = FullTextFileReader.Read([1, 2, 3], "paper.docx", CancellationToken.None);

        Assert.Equal(FullTextStatus.Failed, parsed.Status);
        Assert.Contains("'.docx' files are not read", parsed.Reason);
    }

    [Fact]
    public void Jats_gives_sections_from_sec_titles_ids_and_table_rows_and_leaves_the_references_out()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
            <article><front><article-meta>
              <article-id pub-id-type="pmid">31234567</article-id><article-id pub-id-type="doi">10.1000/ABC.1</article-id>
              <title-group><article-title>A cohort study</article-title></title-group>
              <abstract><p>Short abstract.</p></abstract>
            </article-meta></front>
            <body><sec><title>Methods</title><p>We   did
              things.</p><sec><title>Statistical analysis</title><p>Cox models.</p></sec></sec>
              <sec><title>Results</title><table-wrap><label>Table 1</label><caption><p>Events</p></caption>
                <table><tr><th>Arm</th><th>Events</th></tr><tr><td>A</td><td>42</td></tr></table></table-wrap></sec></body>
            <back><ref-list><ref>Other paper doi:10.9/x</ref></ref-list></back></article>
            """;

        var parsed = FullTextFileReader.Read(Encoding.UTF8.GetBytes(xml), "paper.nxml", CancellationToken.None);

        var page = parsed.Pages.Single();
        Assert.Equal(["Abstract", "Methods", "Statistical analysis", "Results"], page.Sections.Select(s => s.Title));
        Assert.Contains("We did things.", page.Text);
        Assert.Contains("Table 1 Events\nArm | Events\nA | 42", page.Text);
        Assert.DoesNotContain("Other paper", page.Text);
        Assert.Equal(["10.1000/abc.1"], parsed.Stated.Dois);
        Assert.Equal(["31234567"], parsed.Stated.Pmids);
        Assert.Equal("A cohort study", parsed.Stated.Title);
    }

    [Fact]
    public void Xml_that_is_not_well_formed_fails_with_its_line()
    {
        var parsed = FullTextFileReader.Read("<article>\n<body>\n</article>"u8.ToArray(), "paper.xml", CancellationToken.None);

        Assert.Equal(FullTextStatus.Failed, parsed.Status);
        Assert.Contains("line 3", parsed.Reason);
    }
}
