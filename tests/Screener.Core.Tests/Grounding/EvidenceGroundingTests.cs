using Screener.Core.Grounding;

namespace Screener.Core.Tests.Grounding;

public sealed class EvidenceGroundingTests
{
    private const string Abstract =
        "We enrolled 1,204 adults with type\u00A02 diabetes in a double-blind, placebo\u2010controlled trial. " +
        "Treat- ment lasted 12.5 weeks; HbA1c fell by 0.8% (p < 0.05). The \u201Cfirst\u201D long\u2013term follow-up is ongoing.";

    [Theory]
    [InlineData("double-blind, placebo-controlled trial")]
    [InlineData("DOUBLE BLIND placebo controlled")]
    [InlineData("adults with type 2 diabetes")]
    [InlineData("Treatment lasted 12.5 weeks")]
    [InlineData("\"The 'first' long-term follow-up\"")]
    [InlineData("We enrolled 1,204 adults ... in a double-blind")]
    [InlineData("HbA1c fell by 0.8% (p<0.05).")]
    public void Quotes_that_occur_modulo_case_space_dashes_and_hyphenation_are_grounded(string quote) =>
        Assert.True(EvidenceGrounding.IsGrounded(quote, Abstract));

    [Theory]
    [InlineData("short- and long-term outcomes")]
    [InlineData("short and long-term outcomes")]
    [InlineData("and long-term outcomes")]
    [InlineData("Pre- or post-operative bleeding")]
    [InlineData("term outcomes of pre-")]
    public void Quotes_beside_a_suspended_hyphen_are_grounded_as_the_text_reads(string quote) =>
        Assert.True(EvidenceGrounding.IsGrounded(quote, "We compared short- and long-term outcomes of pre- or post-operative bleeding."));

    [Theory]
    [InlineData("We enrolled 1,240 adults")]
    [InlineData("Treatment lasted 125 weeks")]
    [InlineData("a randomised open-label trial")]
    [InlineData("HbA1c fell by 0.8% ... We enrolled")]
    [InlineData("")]
    [InlineData(" ... ")]
    public void Changed_numbers_words_order_or_empty_quotes_are_not_grounded(string quote) =>
        Assert.False(EvidenceGrounding.IsGrounded(quote, Abstract));

    [Theory]
    [InlineData(1204, true)]
    [InlineData(12.5, true)]
    [InlineData(0.8, true)]
    [InlineData(2, true)]
    [InlineData(120, false)]
    [InlineData(125, false)]
    public void Numbers_must_appear_as_numbers(double value, bool expected) =>
        Assert.Equal(expected, EvidenceGrounding.ContainsNumber(Abstract, value));

    [Fact]
    public void Normalise_unifies_unicode_variants()
    {
        Assert.Equal("long term x y fi 1.5 p < 0.05 treatment", TextNormaliser.Normalise("Long\u2014term  \u201Cx\u201D \u2018y\u2019 \uFB01 1.5 p<0.05 treat-\nment"));
    }
}
