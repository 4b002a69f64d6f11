using Screener.Core.FullText;
using Screener.Core.Tests.TestData;

namespace Screener.Core.Tests.FullText;

public sealed class PdfTextReaderTests
{
    private static ParsedFullText Read(byte[] pdf) => FullTextFileReader.Read(pdf, "paper.pdf", CancellationToken.None);

    [Fact]
    public void Multi_page_paper_gives_one_text_per_page_without_running_header_or_page_number()
    {
        var parsed = Read(TestPdfs.Paper(new PaperSpec("Derivation of a risk model for heart failure readmission", "10.5555/jsr.2026.014", 4)));

        Assert.Equal(FullTextStatus.Text, parsed.Status);
        Assert.Equal([1, 2, 3, 4], parsed.Pages.Select(p => p.Number));
        Assert.All(parsed.Pages, p => Assert.DoesNotContain("Journal of Synthetic Results", p.Text));
        Assert.All(parsed.Pages, p => Assert.False(p.Text.TrimEnd().EndsWith($"\n{p.Number}", StringComparison.Ordinal), $"page {p.Number} ends with its number"));
        Assert.Contains(parsed.Pages[1].Sections, s => s.Title == "2. Methods");
        Assert.StartsWith("2. Methods", parsed.Pages[1].Text[parsed.Pages[1].Sections[0].Offset..], StringComparison.Ordinal);
        Assert.Equal("Derivation of a risk model for heart failure readmission", parsed.Stated.Title);
    }

    [Fact]
    public void Doi_printed_on_page_one_is_found_for_matching()
    {
        var parsed = Read(TestPdfs.Paper(new PaperSpec("A title", "10.5555/JSR.2026.014", 2)));

        var evidence = AttachFullTexts.Evidence("whatever.pdf", parsed);

        Assert.Equal(["10.5555/jsr.2026.014"], evidence.Dois);
    }

    [Fact]
    public void Two_columns_are_read_left_column_first()
    {
        var left = Enumerable.Range(1, 12).Select(i => (50.0, 760.0 - i * 13, $"left column sentence number {i} about cohorts")).ToList();
        var right = Enumerable.Range(1, 12).Select(i => (310.0, 760.0 - i * 13, $"right column sentence number {i} about models")).ToList();
        // Written right column first, interleaved: the content stream's order is not the reading order.
        var parsed = Read(TestPdfs.Lines([[.. right.Zip(left).SelectMany(p => new[] { p.First, p.Second })]]));

        var text = parsed.Pages.Single().Text;
        var lastLeft = text.IndexOf("left column sentence number 12", StringComparison.Ordinal);
        var firstRight = text.IndexOf("right column sentence number 1 ", StringComparison.Ordinal);
        Assert.True(lastLeft >= 0 && firstRight >= 0, text);
        Assert.True(lastLeft < firstRight, $"the right column came before the end of the left one:\n{text}");
    }

    [Fact]
    public void Word_hyphenated_at_a_line_end_is_joined()
    {
        var parsed = Read(TestPdfs.Lines([[(50, 700, "Patients received the treat-"), (50, 687, "ment for twelve weeks and were followed up.")]]));

        Assert.Contains("received the treatment for twelve weeks", parsed.Pages.Single().Text);
    }

    [Fact]
    public void Table_cells_are_kept_with_their_numbers()
    {
        var rows = new[] { ("Outcome", "Events", "Hazard ratio"), ("Mortality", "42", "0.81"), ("Readmission", "117", "1.12") };
        var lines = rows.SelectMany((r, i) => new[] { (50.0, 700.0 - i * 14, r.Item1), (200.0, 700.0 - i * 14, r.Item2), (330.0, 700.0 - i * 14, r.Item3) }).ToList();
        var text = Read(TestPdfs.Lines([[(50, 740, "Table 2. Outcomes at one year"), .. lines]])).Pages.Single().Text;

        foreach (var cell in rows.SelectMany(r => new[] { r.Item1, r.Item2, r.Item3 })) Assert.Contains(cell, text);
    }

    [Fact]
    public void Non_latin_text_and_ligatures_are_read()
    {
        var font = File.ReadAllBytes(DejaVuSans);
        var parsed = Read(TestPdfs.Lines([[(50, 700, "Η μελέτη αξιολόγησε ασθενείς"), (50, 680, "Исследование когорты пациентов"), (50, 660, "The e\uFB03cacy of \uFB01brates")]], font));

        var text = parsed.Pages.Single().Text;
        Assert.Contains("Η μελέτη αξιολόγησε ασθενείς", text);
        Assert.Contains("Исследование когорты пациентов", text);
        Assert.Contains("The efficacy of fibrates", text);
    }

    [Fact]
    public void Pdf_without_text_layer_needs_ocr_and_says_there_is_none()
    {
        var parsed = Read(TestPdfs.WithoutTextLayer(3));

        Assert.Equal(FullTextStatus.NeedsOcr, parsed.Status);
        Assert.Empty(parsed.Pages);
        Assert.Contains("no OCR", parsed.Reason);
    }

    [Fact]
    public void Encrypted_pdf_fails_with_the_reason()
    {
        var parsed = Read(EncryptedPdf.Build());

        Assert.Equal(FullTextStatus.Failed, parsed.Status);
        Assert.Contains("encrypted", parsed.Reason);
    }

    [Fact]
    public void Truncated_pdf_fails_with_the_reason()
    {
        var whole = TestPdfs.Paper(new PaperSpec("A title", null, 3));

        var parsed = Read(whole[..(whole.Length / 2)]);

        Assert.Equal(FullTextStatus.Failed, parsed.Status);
        Assert.Contains("truncated or damaged", parsed.Reason);
    }

    [Fact]
    public void File_named_pdf_without_a_pdf_header_fails()
    {
        var parsed = Read("just some text"u8.ToArray());

        Assert.Equal(FullTextStatus.Failed, parsed.Status);
        Assert.Contains("%PDF-", parsed.Reason);
    }

    // DejaVu Sans covers Greek, Cyrillic and the Latin ligatures; it is installed with fontconfig on Debian.
    private const string DejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}
