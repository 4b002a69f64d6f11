using Screener.Core.Evaluation;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using static Screener.Core.Vocabulary.ScreeningDecision;

namespace Screener.Core.Tests.Exports;

public sealed class InclusionProbabilityTests
{
    [Fact]
    public void Include_counts_one_unsure_half_exclude_nothing_and_no_vote_is_no_probability()
    {
        Assert.Equal(0.625, InclusionProbability.FromVotes([Include, Unsure, Exclude, Include]));
        Assert.Equal(0.5, InclusionProbability.FromVotes([Unsure]));
        Assert.Equal(0.0, InclusionProbability.FromVotes([Exclude, Exclude]));
        Assert.Null(InclusionProbability.FromVotes([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => InclusionProbability.FromCounts(2, 1, 2));
    }

    [Fact]
    public void The_eval_run_score_and_the_routing_use_the_same_definition()
    {
        ScreeningDecision[] votes = [Include, Unsure, Exclude, Unsure, Include];
        var slotVotes = votes.Select((v, i) => new SlotVote("r", $"s{i}", v switch
        {
            Include => PredictedLabel.Include,
            Exclude => PredictedLabel.Exclude,
            _ => PredictedLabel.Unsure,
        }, null, [])).ToList();

        var expected = InclusionProbability.FromVotes(votes);

        Assert.Equal(0.6, expected!.Value, 12);
        Assert.Equal(expected, RunEvaluator.InclusionScore(slotVotes));
        Assert.Equal(expected, SuggestionRouting.Route(votes, Screener.Core.Protocol.ScreeningPolicy.Default).InclusionProbability);
    }
}
