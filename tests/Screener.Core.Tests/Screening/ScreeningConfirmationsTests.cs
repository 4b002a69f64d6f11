using Screener.Core.Screening;

namespace Screener.Core.Tests.Screening;

public sealed class ScreeningConfirmationsTests
{
    private static readonly DateTimeOffset Imported = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static ScreeningStartFacts Facts(DateTimeOffset? deduplicated = null, long? earlierRun = null, bool underCurrent = false,
        int pendingCalls = 10, int unscreened = 5, int unique = 5) =>
        new("r", deduplicated, Imported, earlierRun, underCurrent, pendingCalls, 5, unscreened, unique);

    [Fact]
    public void Screening_a_review_dedup_never_saw_asks_first()
    {
        var reasons = ScreeningConfirmations.Reasons(Facts());

        Assert.Contains("dedup has never run on review 'r'", Assert.Single(reasons));
        Assert.StartsWith("this makes 10 LLM call(s) for 5 record(s), and dedup", ScreeningConfirmations.Summary(Facts(), reasons));
    }

    [Fact]
    public void Records_imported_after_the_last_dedup_ask_first_and_none_after_it_do_not()
    {
        Assert.Contains("after its last dedup", Assert.Single(ScreeningConfirmations.Reasons(Facts(deduplicated: Imported.AddMinutes(-1)))));
        Assert.Empty(ScreeningConfirmations.Reasons(Facts(deduplicated: Imported.AddMinutes(1))));
    }

    [Fact]
    public void The_first_run_after_a_protocol_edit_that_rescreens_every_record_asks_first()
    {
        var deduplicated = Imported.AddMinutes(1);

        Assert.Contains("the protocol changed since screening run 3: all 5 records are screened again",
            Assert.Single(ScreeningConfirmations.Reasons(Facts(deduplicated, earlierRun: 3))));
        // Resuming the new protocol's run, or a first run ever, or records already screened under it: no question.
        Assert.Empty(ScreeningConfirmations.Reasons(Facts(deduplicated, earlierRun: 3, underCurrent: true)));
        Assert.Empty(ScreeningConfirmations.Reasons(Facts(deduplicated)));
        Assert.Empty(ScreeningConfirmations.Reasons(Facts(deduplicated, earlierRun: 3, unscreened: 4)));
    }

    [Fact]
    public void A_start_that_makes_no_call_asks_nothing() =>
        Assert.Empty(ScreeningConfirmations.Reasons(Facts(pendingCalls: 0, earlierRun: 3)));
}
