using System.Globalization;

namespace Screener.Core.Screening;

/// <summary>What is known about a review before a screening run starts, for <see cref="ScreeningConfirmations"/>.</summary>
public sealed record ScreeningStartFacts(
    string ReviewName, DateTimeOffset? DeduplicatedAt, DateTimeOffset? LastImportAt, long? EarlierProtocolRunId,
    bool RunUnderCurrentProtocol, int PendingCalls, int PendingRecords, int UnscreenedRecordsUnderCurrentProtocol, int UniqueRecords);

/// <summary>
/// The starts of a screening run that a person confirms first (issue 21 item 7), because they cost money that is easy
/// to waste: screening records that dedup has not seen (every duplicate is paid for twice), and the first run after a
/// protocol edit, which screens every record again (the protocol's hash is part of each item's key).
/// </summary>
public static class ScreeningConfirmations
{
    /// <summary>Why this start needs a confirmation; empty when it does not (also when it makes no call).</summary>
    public static IReadOnlyList<string> Reasons(ScreeningStartFacts facts)
    {
        var reasons = new List<string>();
        if (facts.PendingCalls == 0) return reasons;
        if (facts.LastImportAt is { } imported && (facts.DeduplicatedAt is not { } deduplicated || imported > deduplicated))
            reasons.Add(facts.DeduplicatedAt is null
                ? $"dedup has never run on review '{facts.ReviewName}': duplicates would each be screened (and paid for); `screener dedup --review {facts.ReviewName}` first"
                : $"records were imported into review '{facts.ReviewName}' after its last dedup: `screener dedup --review {facts.ReviewName}` first");
        if (facts.EarlierProtocolRunId is { } earlier && !facts.RunUnderCurrentProtocol && facts.UniqueRecords > 0
            && facts.UnscreenedRecordsUnderCurrentProtocol == facts.UniqueRecords)
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the protocol changed since screening run {earlier}: all {facts.UniqueRecords} records are screened again under the new version"));
        return reasons;
    }

    /// <summary>The question (or the refusal without a terminal) names the calls it is about.</summary>
    public static string Summary(ScreeningStartFacts facts, IReadOnlyList<string> reasons) => string.Create(CultureInfo.InvariantCulture,
        $"this makes {facts.PendingCalls} LLM call(s) for {facts.PendingRecords} record(s), and {string.Join("; and ", reasons)}");
}
