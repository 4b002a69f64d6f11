using Screener.Core.FullText;
using Screener.Core.Protocol;
using Screener.Core.Screening;

namespace Screener.Core.Tests.Screening;

public sealed class FullTextGroundingTests
{
    private static readonly PageGrounding Pages = new([
        (1, "Atorvastatin in older adults. We randomised 240 adults to atorvastatin or placebo."),
        (2, "Participants were adults aged 70 or older living in the commu-\nnity."),
    ]);

    [Fact]
    public void A_quote_is_placed_on_its_cited_page_on_another_page_or_nowhere()
    {
        Assert.Equal(new QuoteLocation(QuotePlace.OnCitedPage, 2), Pages.Locate("adults aged 70 or older living in the community", 2));
        Assert.Equal(new QuoteLocation(QuotePlace.OnOtherPage, 1), Pages.Locate("We randomised 240 adults", 2));
        Assert.Equal(new QuoteLocation(QuotePlace.OnOtherPage, 1), Pages.Locate("We randomised 240 adults", null));
        Assert.Equal(new QuoteLocation(QuotePlace.NotFound, null), Pages.Locate("patients in nursing homes", 1));
        Assert.Equal(new QuoteLocation(QuotePlace.NoQuote, null), Pages.Locate("", null));
        Assert.False(Pages.Locate("patients in nursing homes", 1).Grounded);
        Assert.True(Pages.Locate("We randomised 240 adults", 2).Grounded);
    }

    [Fact]
    public void A_full_text_reply_names_each_quotes_page_and_is_flagged_when_the_page_is_wrong_or_the_quote_invented()
    {
        var eligibility = new StageEligibility([new Criterion("I1", "Adults aged 65 or over."), new Criterion("I2", "RCT.")], [], ["wrong population"]);
        var reply = ScreeningReplySchema.Parse("""
            {"criteria":[{"id":"I1","verdict":"met","evidence":"adults aged 70 or older","page":2,"reason":"age"},
                         {"id":"I2","verdict":"met","evidence":"We randomised 240 adults","page":2,"reason":"RCT"}],
             "decision":"include","exclusion_reason":null,"confidence":0.9}
            """, eligibility, withPages: true);

        var assessed = ReplyAssessment.AssessFullText(reply.Value!, eligibility, Pages);

        Assert.Equal([(2, 2), (2, 1)], assessed.Verdicts.Select(v => (v.Page!.Value, v.FoundOnPage!.Value)));
        Assert.Equal(["quote-on-other-page:I2"], assessed.Flags);
    }

    [Fact]
    public void A_full_text_reply_without_a_page_or_with_page_zero_does_not_parse()
    {
        var eligibility = new StageEligibility([new Criterion("I1", "Adults.")], [], []);
        const string Without = """{"criteria":[{"id":"I1","verdict":"met","evidence":"adults","reason":"age"}],"decision":"include","exclusion_reason":null,"confidence":0.9}""";

        Assert.Contains("'page' is missing", ScreeningReplySchema.Parse(Without, eligibility, withPages: true).Error);
        Assert.Contains("'page' must be a page number", ScreeningReplySchema.Parse(Without.Replace("\"reason\"", "\"page\":0,\"reason\"", StringComparison.Ordinal), eligibility, withPages: true).Error);
        Assert.Null(ScreeningReplySchema.Parse(Without, eligibility, withPages: false).Error);
    }

    [Fact]
    public void A_paper_that_fits_goes_whole_and_a_longer_one_as_each_querys_best_chunks_in_turn_within_the_budget()
    {
        FullTextPageText[] pages = [new(1, "Intro text."), new(2, "Methods text.")];
        Assert.Equal("[page 1]\nIntro text.\n\n[page 2]\nMethods text.", FullTextPassages.WholeTextWithin(pages, 1000)!.Text);
        Assert.Null(FullTextPassages.WholeTextWithin(pages, 20));

        RelevantChunk Chunk(long id, int ordinal, int page) => new(id, ordinal, page, page == 3 ? "Methods" : null, 0, 10, new string('x', 40), 10, 0.5);
        var passages = FullTextPassages.FromChunks([[Chunk(7, 7, 3), Chunk(2, 2, 1), Chunk(9, 9, 4)], [Chunk(4, 4, 2), Chunk(7, 7, 3)]], 170, 12);

        Assert.Equal([2, 4, 7], passages.ChunkIds);
        Assert.StartsWith("[page 1]\n", passages.Text);
        Assert.Contains("[page 3, Methods]\n", passages.Text);
        Assert.Equal("""{"wholeText":false,"pages":[1,2,3],"chunks":[2,4,7]}""", passages.AuditJson);
        Assert.Contains("3 excerpt(s) from 3 of 12 page(s)", passages.Scope);
    }
}
