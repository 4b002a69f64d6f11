using Screener.Core.FullText;

namespace Screener.Core.Tests.FullText;

public sealed class PageLayoutTests
{
    private static IReadOnlyList<ParsedPage> Assemble(params string[][] pages) => PageLayout.Assemble(pages);

    [Fact]
    public void Running_header_with_changing_page_number_and_bare_page_numbers_are_dropped()
    {
        var pages = Assemble(
            ["Heart Journal 2026; 14: 101", "First page body line.", "1"],
            ["Heart Journal 2026; 14: 102", "Second page body line.", "- 2 -"],
            ["Heart Journal 2026; 14: 103", "Third page body line.", "Page 3 of 3"]);

        Assert.Equal(["First page body line.", "Second page body line.", "Third page body line."], pages.Select(p => p.Text));
    }

    [Fact]
    public void A_line_repeated_in_the_middle_of_pages_is_body_text_and_kept()
    {
        var pages = Assemble(
            ["Top one", "Top two", "Repeated sentence in the middle.", "Bottom one", "Bottom two"],
            ["Top three", "Top four", "Repeated sentence in the middle.", "Bottom three", "Bottom four"]);

        Assert.All(pages, p => Assert.Contains("Repeated sentence in the middle.", p.Text));
    }

    [Fact]
    public void Hyphen_at_a_line_end_joins_a_word_before_a_lower_case_letter_only()
    {
        var page = Assemble(["The treat-", "ment of COVID-", "19 patients was well-", "Tolerated."]).Single();

        Assert.Equal("The treatment of COVID-\n19 patients was well-\nTolerated.", page.Text);
    }

    [Fact]
    public void Hyphenated_word_split_across_a_block_break_is_joined()
    {
        var page = Assemble(["end of the left column with a random-", "", "ised trial in the right column"]).Single();

        Assert.Equal("end of the left column with a randomised trial in the right column", page.Text);
    }

    [Fact]
    public void Ligatures_are_folded()
    {
        Assert.Equal("efficacy of fluids offers fifty", PageLayout.FoldLigatures("e\uFB03cacy of \uFB02uids o\uFB00ers \uFB01fty"));
    }

    [Fact]
    public void Headings_become_section_starts_at_their_offsets()
    {
        var page = Assemble(["Some text before.", "2. Methods", "We did things.", "RESULTS:", "It worked."]).Single();

        Assert.Equal(["2. Methods", "RESULTS"], page.Sections.Select(s => s.Title));
        Assert.All(page.Sections, s => Assert.StartsWith(s.Title, page.Text[s.Offset..], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Methods", "Methods")]
    [InlineData("3.2 Model development", "3.2 Model development")]
    [InlineData("IV. Discussion", "IV. Discussion")]
    [InlineData("Materials and methods:", "Materials and methods")]
    [InlineData("2 patients were excluded after the first visit.", null)]
    [InlineData("The methods", null)]
    public void Section_headings_are_told_from_body_lines(string line, string? expected)
    {
        Assert.Equal(expected, SectionHeadings.Read(line));
    }
}
