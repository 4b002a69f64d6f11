using Microsoft.Extensions.AI;
using Screener.Core.Embeddings;

namespace Screener.Core.Tests.Embeddings;

public sealed class HashedTfidfEmbeddingGeneratorTests
{
    private static readonly string[] Corpus =
    [
        "Emicizumab prophylaxis in haemophilia A with inhibitors: pharmacokinetics in children",
        "Pharmacokinetics of emicizumab in adults with hemophilia A",
        "Smartphone addiction and sleep quality among university students",
        "Teachers' soft skills in primary education: a scoping review",
    ];

    [Fact]
    public async Task Vectors_have_the_stated_dimension_unit_length_and_the_model_name()
    {
        using var generator = HashedTfidfEmbeddingGenerator.FitOn(Corpus, 1024);

        var embeddings = await generator.GenerateAsync(Corpus);

        Assert.Equal("hashed-tfidf-v1-d1024", generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
        Assert.All(embeddings, e =>
        {
            Assert.Equal(1024, e.Vector.Length);
            Assert.Equal(1.0, Math.Sqrt(e.Vector.ToArray().Sum(v => (double)v * v)), 5);
            Assert.Equal("hashed-tfidf-v1-d1024", e.ModelId);
        });
    }

    [Fact]
    public void Related_texts_are_closer_than_unrelated_ones_and_spelling_variants_still_match()
    {
        using var generator = HashedTfidfEmbeddingGenerator.FitOn(Corpus);

        var related = Dot(generator.Embed(Corpus[0]), generator.Embed(Corpus[1]));
        var unrelated = Dot(generator.Embed(Corpus[0]), generator.Embed(Corpus[2]));
        // "haemophilia" vs "hemophilia" share most character n-grams, words alone would not match.
        var variant = Dot(generator.Embed("haemophilia"), generator.Embed("hemophilia"));

        Assert.True(related > unrelated + 0.2, $"related {related:F3}, unrelated {unrelated:F3}");
        Assert.True(variant > 0.4, $"variant {variant:F3}");
    }

    [Fact]
    public void The_same_text_and_corpus_give_the_same_vector_and_case_does_not_matter()
    {
        using var a = HashedTfidfEmbeddingGenerator.FitOn(Corpus);
        using var b = HashedTfidfEmbeddingGenerator.FitOn(Corpus);

        Assert.Equal(a.Embed(Corpus[0]), b.Embed(Corpus[0]));
        Assert.Equal(1.0, Dot(a.Embed("Emicizumab Pharmacokinetics"), a.Embed("emicizumab pharmacokinetics")), 5);
    }

    [Fact]
    public async Task Asking_for_another_dimension_is_refused()
    {
        using var generator = HashedTfidfEmbeddingGenerator.FitOn(Corpus);

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 512 }));
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
