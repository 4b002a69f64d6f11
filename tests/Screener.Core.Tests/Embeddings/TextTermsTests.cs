using Screener.Core.Embeddings;

namespace Screener.Core.Tests.Embeddings;

public sealed class TextTermsTests
{
    [Fact]
    public void Words_are_lower_cased_split_on_punctuation_and_single_characters_dropped()
    {
        Assert.Equal(["blockers", "in", "covid", "19"], TextTerms.Words("Β-blockers in COVID-19 (a)"));
        Assert.Equal(["heart", "failure", "trial"], TextTerms.Words("Heart-failure: trial; a"));
    }

    [Fact]
    public void Stop_words_break_bigrams_and_word_pairs_are_counted_as_terms()
    {
        var withBigrams = TextTerms.Count("heart failure trial", TermOptions.Words);
        var unigramsOnly = TextTerms.Count("heart failure trial", new TermOptions(false, 0, 0));
        var broken = TextTerms.Count("heart and failure", TermOptions.Words);

        Assert.Equal(5, withBigrams.Count); // heart, failure, trial, heart failure, failure trial
        Assert.Equal(3, unigramsOnly.Count);
        Assert.Equal(2, broken.Count);
    }

    [Fact]
    public void Term_hashes_are_stable_across_calls()
    {
        Assert.Equal(TextTerms.Count("emicizumab dosing", TermOptions.WordsAndCharacters), TextTerms.Count("emicizumab dosing", TermOptions.WordsAndCharacters));
    }
}
