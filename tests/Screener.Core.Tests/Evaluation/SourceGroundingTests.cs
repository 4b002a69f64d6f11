using Screener.Core.Evaluation;

namespace Screener.Core.Tests.Evaluation;

public sealed class SourceGroundingTests
{
    private const string Abstract = "A double-blind, randomised trial in 1,204 adults with type 2 diabetes; HbA1c fell by 0.8 % at 12 weeks.";

    [Theory]
    [InlineData("double blind", true)]
    [InlineData("Type 2 Diabetes", true)]
    [InlineData("adults with type 2 diabetes ;", true)]
    [InlineData("1204", true)]
    [InlineData("0.8", true)]
    [InlineData("12", true)]
    [InlineData("-0.8", true)] // "fell by 0.8": the sign of a change is not a hallucination
    [InlineData("120", false)] // a number must occur as a number, not inside 1,204
    [InlineData("8", false)]
    [InlineData("children with asthma", false)]
    [InlineData("diabet", false)] // whole words only
    public void Values_are_grounded_only_when_they_occur_in_the_source(string value, bool grounded)
    {
        Assert.Equal(grounded, SourceGrounding.IsGrounded(value, Abstract));
    }

    [Fact]
    public void Hallucination_rate_is_the_share_of_ungrounded_values_with_an_interval()
    {
        var result = SourceGrounding.Check([
            new GroundingCheck("r", "population", "adults", Abstract),
            new GroundingCheck("r", "n", "1204", Abstract),
            new GroundingCheck("r", "n", "999", Abstract),
            new GroundingCheck("r", "outcome", "HbA1c", Abstract),
        ]);

        Assert.Equal(4, result.Checked);
        Assert.Equal(1, result.Ungrounded);
        Assert.Equal(0.25, result.HallucinationRate.Value);
        Assert.Equal("999", result.UngroundedValues.Single().Value);
        Assert.Null(SourceGrounding.Check([]).HallucinationRate.Value);
    }
}
