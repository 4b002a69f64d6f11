using Screener.Core.Embeddings;
using Screener.Core.Ranking;

namespace Screener.Core.Tests.Ranking;

public sealed class RankingFeatureBuilderTests
{
    /// <summary>300 records over a long-tailed vocabulary: many terms in fewer than 5 records, some in more.</summary>
    private static List<RankingInput> Corpus()
    {
        var random = new Random(3);
        string Word() => "w" + (int)Math.Pow(2_000, random.NextDouble());
        return Enumerable.Range(0, 300).Select(i => new RankingInput(
            string.Join(' ', Enumerable.Range(0, 8).Select(_ => Word())), string.Join(' ', Enumerable.Range(0, 60).Select(_ => Word())), null)).ToList();
    }

    [Fact]
    public void The_streamed_passes_give_the_rows_of_counting_every_term_of_every_record_at_once()
    {
        var records = Corpus();

        var features = RankingFeatures.Build(records);

        // The reference: every record's counts held at once, every term counted exactly, rare ones dropped after.
        var counts = records.Select(r => TextTerms.Count(r.Text, TermOptions.Words)).ToList();
        var weighting = TermWeighting.Fit(counts, TermOptions.Words);
        var rows = counts.Select(c => weighting.Transform(c, RankingFeatures.TextBuckets, signed: false, RankingFeatures.MinTermRecords)).ToList();
        var slots = rows.SelectMany(r => r.Indices).Distinct().Order().Select((slot, k) => (slot, k)).ToDictionary(p => p.slot, p => p.k);
        Assert.Equal(slots.Count + 2, features.Dimension);
        Assert.True(rows.Sum(r => r.Count) < counts.Sum(c => c.Count), "the corpus should have rare terms to drop");
        for (var i = 0; i < records.Count; i++)
        {
            // Text slots renumbered densely in order, then the bias.
            Assert.Equal([.. rows[i].Indices.Select(s => slots[s]), slots.Count], features.Rows[i].Indices);
            Assert.Equal([.. rows[i].Values, 1f], features.Rows[i].Values);
            Assert.Equal(rows[i].Count > 0, features.HasText[i]);
        }
    }

    [Fact]
    public void Reading_fewer_records_than_announced_is_refused()
    {
        var builder = new RankingFeatureBuilder(3);
        builder.Read(new RankingInput("a title", null, null));
        Assert.Throws<InvalidOperationException>(builder.EndPass);
    }
}
