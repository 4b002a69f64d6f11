using Screener.Core.Grounding;
using Screener.Core.Jobs;
using Screener.Core.Protocol;
using Screener.Core.Records;
using Screener.Core.Vocabulary;

namespace Screener.Core.Screening;

/// <summary>A validated reply after grounding and the recall-first rule: what is stored as the suggestion.</summary>
public sealed record AssessedReply(
    ScreeningDecision Decision, double Confidence, string? ExclusionReason, IReadOnlyList<CriterionVerdict> Verdicts, IReadOnlyList<string> Flags);

/// <summary>Grounds every evidence quote in the record (or its full text, by page) and applies the recall-first rule. Pure.</summary>
public static class ReplyAssessment
{
    public const string UngroundedQuotePrefix = "ungrounded-quote:";
    public const string UnknownExclusionReasonFlag = "unknown-exclusion-reason";
    public const string QuoteOnOtherPagePrefix = "quote-on-other-page:";

    public static AssessedReply Assess(ScreeningReply reply, ReviewProtocol protocol, Record record)
    {
        var source = EvidenceGrounding.Prepare(SourceText(record));
        var flags = new List<string>();
        var verdicts = reply.Criteria.Select(c =>
        {
            var grounded = c.Evidence.Length == 0 || source.Contains(c.Evidence);
            if (!grounded) flags.Add(UngroundedQuotePrefix + c.Id);
            return new CriterionVerdict(c.Id, c.Verdict, c.Evidence, grounded, c.Reason);
        }).ToList();
        return Decide(reply, protocol.TitleAbstract, verdicts, flags);
    }

    /// <summary>
    /// Full text: every quote is grounded against the page it cites. A quote found on another page is kept as
    /// grounded (it is in the paper) and flagged with <see cref="QuoteOnOtherPagePrefix"/>; one on no page is
    /// ungrounded, as for abstracts.
    /// </summary>
    public static AssessedReply AssessFullText(ScreeningReply reply, StageEligibility eligibility, PageGrounding pages)
    {
        var flags = new List<string>();
        var verdicts = reply.Criteria.Select(c =>
        {
            var location = pages.Locate(c.Evidence, c.Page);
            if (location.Place == QuotePlace.NotFound) flags.Add(UngroundedQuotePrefix + c.Id);
            if (location.Place == QuotePlace.OnOtherPage) flags.Add(QuoteOnOtherPagePrefix + c.Id);
            return new CriterionVerdict(c.Id, c.Verdict, c.Evidence, location.Grounded, c.Reason, c.Page, location.FoundOnPage);
        }).ToList();
        return Decide(reply, eligibility, verdicts, flags);
    }

    private static AssessedReply Decide(ScreeningReply reply, StageEligibility eligibility, List<CriterionVerdict> verdicts, List<string> flags)
    {
        var (decision, downgraded) = SuggestionRouting.EffectiveDecision(reply, eligibility);
        if (downgraded) flags.Add(SuggestionRouting.DowngradedExcludeFlag);
        var reason = decision == ScreeningDecision.Exclude ? reply.ExclusionReason : null;
        if (reason is not null && eligibility.ExclusionReasons.Count > 0
            && !eligibility.ExclusionReasons.Contains(reason, StringComparer.OrdinalIgnoreCase))
            flags.Add(UnknownExclusionReasonFlag);
        return new AssessedReply(decision, reply.Confidence, reason, verdicts, flags);
    }

    /// <summary>What the model was shown of the record: evidence must come from here.</summary>
    public static string SourceText(Record record) =>
        string.Join("\n", new[] { record.Title, record.Abstract, record.Journal }.Where(s => !string.IsNullOrWhiteSpace(s)));
}
