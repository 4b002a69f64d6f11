using Screener.Core.Screening;

namespace Screener.Core.Tests.Screening;

public sealed class QuoteSpansTests
{
    private const string Text = "Emicizumab  prophylaxis in\npeople with haemophilia A \u2013 a phase 3 trial.";

    [Fact]
    public void A_quote_is_found_despite_case_whitespace_and_dash_variants()
    {
        var span = QuoteSpans.Find(Text, "EMICIZUMAB PROPHYLAXIS in people");

        Assert.NotNull(span);
        Assert.Equal("Emicizumab  prophylaxis in\npeople", Text.Substring(span.Value.Start, span.Value.Length));
        var dash = QuoteSpans.Find(Text, "haemophilia A - a phase 3");
        Assert.Equal("haemophilia A \u2013 a phase 3", Text.Substring(dash!.Value.Start, dash.Value.Length));
    }

    [Fact]
    public void A_quote_that_is_not_in_the_text_is_not_found()
    {
        Assert.Null(QuoteSpans.Find(Text, "placebo-controlled"));
        Assert.Null(QuoteSpans.Find(Text, "   "));
    }

    [Fact]
    public void Overlapping_quotes_keep_the_earliest_and_longest()
    {
        var spans = QuoteSpans.FindAll(Text, [("I1", "prophylaxis in people"), ("I2", "people with haemophilia"), ("I3", "phase 3 trial")]);

        Assert.Equal(["I1", "I3"], spans.Select(s => s.Label));
    }
}
