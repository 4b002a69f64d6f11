using Screener.Core.Decisions;
using Screener.Core.Prisma;
using Screener.Core.Vocabulary;

namespace Screener.Core.Tests.Prisma;

public sealed class ExcludedWithReasonsTests
{
    private static RecordVotes Votes(long id, ScreeningDecision? settled, string? reason, string? adjudicationReason = null, bool adjudicated = false) =>
        new(id, [], adjudicated ? settled : null, adjudicationReason, reason, null,
            settled is null ? new RecordOutcome(RecordState.Conflict, null) : new RecordOutcome(RecordState.Settled, settled));

    [Fact]
    public void Only_settled_exclusions_are_counted_one_line_per_reason_largest_first()
    {
        var lines = PrismaCountsQuery.ExcludedWithReasons([
            Votes(1, ScreeningDecision.Exclude, "wrong population"),
            Votes(2, ScreeningDecision.Exclude, "wrong outcome"),
            Votes(3, ScreeningDecision.Exclude, "wrong outcome"),
            Votes(4, ScreeningDecision.Include, null),
            Votes(5, null, "wrong population"),
            Votes(6, ScreeningDecision.Exclude, null),
        ]);

        Assert.Equal([new ReasonCount("wrong outcome", 2), new ReasonCount(PrismaCountsQuery.NoReason, 1), new ReasonCount("wrong population", 1)], lines);
    }

    [Fact]
    public void An_adjudicated_exclusion_is_counted_under_the_adjudicators_reason()
    {
        var lines = PrismaCountsQuery.ExcludedWithReasons([Votes(1, ScreeningDecision.Exclude, "wrong population", "no full text in English", adjudicated: true)]);

        Assert.Equal([new ReasonCount("no full text in English", 1)], lines);
    }
}
