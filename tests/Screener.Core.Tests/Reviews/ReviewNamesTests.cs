using Screener.Core.Reviews;

namespace Screener.Core.Tests.Reviews;

public sealed class ReviewNamesTests
{
    [Theory]
    [InlineData("statins", "statins", 0)]
    [InlineData("statns", "statins", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("flaw", "lawn", 2)]
    public void Edit_distance_counts_insertions_deletions_and_substitutions(string a, string b, int expected)
    {
        Assert.Equal(expected, ReviewNames.EditDistance(a, b));
        Assert.Equal(expected, ReviewNames.EditDistance(b, a));
    }

    [Fact]
    public void A_misspelled_name_finds_the_closest_existing_names_first()
    {
        var closest = ReviewNames.Closest("statns", ["emicizumab", "statins", "Statin", "sglt2"]);

        Assert.Equal(["statins", "Statin"], closest);
        Assert.Equal("no review named 'statns': did you mean 'statins' or 'Statin'?", ReviewNames.NotFoundMessage("statns", closest));
    }

    [Fact]
    public void An_unrelated_name_suggests_nothing_and_says_how_to_create_it()
    {
        var closest = ReviewNames.Closest("xyz", ["statins", "emicizumab"]);

        Assert.Empty(closest);
        Assert.Contains("screener init", ReviewNames.NotFoundMessage("xyz", closest));
    }
}
