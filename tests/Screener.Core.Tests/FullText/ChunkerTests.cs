using Screener.Core.FullText;
using Screener.Core.Llm;

namespace Screener.Core.Tests.FullText;

public sealed class ChunkerTests
{
    private static string Words(int count, string word = "word") => string.Join(' ', Enumerable.Range(0, count).Select(i => $"{word}{i}"));

    [Fact]
    public void Windows_stay_within_the_token_size_overlap_and_cover_the_page()
    {
        var text = Words(600);
        var chunks = Chunker.Chunk([new ParsedPage(1, text, [])], chunkTokens: 100, overlapTokens: 20);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.True(c.Tokens <= 100 && TokenEstimate.FromText(c.Text.Length) == c.Tokens));
        Assert.All(chunks, c => Assert.Equal(text[c.Start..c.End], c.Text));
        Assert.Equal(0, chunks[0].Start);
        Assert.Equal(text.Length, chunks[^1].End);
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.True(chunks[i].Start < chunks[i - 1].End, "consecutive windows overlap");
            Assert.True(chunks[i].Start > chunks[i - 1].Start);
            Assert.True(chunks[i].Start == 0 || text[chunks[i].Start - 1] == ' ', "a window starts at a word");
        }
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Ordinal));
    }

    [Fact]
    public void Chunks_never_cross_a_page_or_a_section_and_carry_the_section_over_pages()
    {
        var page1 = "Intro text here.\n\nMethods\nMethod text here.";
        var page2 = "More method text on page two.\n\nResults\nResult text.";
        var pages = new[]
        {
            new ParsedPage(1, page1, [new SectionStart(0, "Introduction"), new SectionStart(page1.IndexOf("Methods", StringComparison.Ordinal), "Methods")]),
            new ParsedPage(2, page2, [new SectionStart(page2.IndexOf("Results", StringComparison.Ordinal), "Results")]),
        };

        var chunks = Chunker.Chunk(pages, 400, 50);

        Assert.Equal([(1, "Introduction"), (1, "Methods"), (2, "Methods"), (2, "Results")], chunks.Select(c => (c.PageNumber, c.Section!)));
        Assert.Equal(["Intro text here.", "Methods\nMethod text here.", "More method text on page two.", "Results\nResult text."], chunks.Select(c => c.Text));
    }

    [Fact]
    public void A_word_longer_than_a_window_is_cut_rather_than_looping()
    {
        var text = new string('x', 2000);

        var chunks = Chunker.Chunk([new ParsedPage(1, text, [])], 100, 10);

        Assert.Equal(text.Length, chunks[^1].End);
        Assert.All(chunks, c => Assert.True(c.Tokens <= 100));
    }
}
