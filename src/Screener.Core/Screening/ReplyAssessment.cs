using Screener.Core.Grounding;
using Screener.Core.Protocol;
using Screener.Core.Records;

namespace Screener.Core.Screening;

/// <summary>A validated reply after grounding and the recall-first rule: what is stored as the suggestion.</summary>
public sealed record AssessedReply(
    ScreeningDecision Decision, double Confidence, string? ExclusionReason, IReadOnlyList<CriterionVerdict> Verdicts, IReadOnlyList<string> Flags);

/// <summary>Grounds every evidence quote in the record and applies the recall-first rule. Pure.</summary>
public static class ReplyAssessment
{
    public const string UngroundedQuotePrefix = "ungrounded-quote:";
    public const string UnknownExclusionReasonFlag = "unknown-exclusion-reason";

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

        var (decision, downgraded) = SuggestionRouting.EffectiveDecision(reply, protocol);
        if (downgraded) flags.Add(SuggestionRouting.DowngradedExcludeFlag);
        var reason = decision == ScreeningDecision.Exclude ? reply.ExclusionReason : null;
        if (reason is not null && protocol.ExclusionReasons.Count > 0
            && !protocol.ExclusionReasons.Contains(reason, StringComparer.OrdinalIgnoreCase))
            flags.Add(UnknownExclusionReasonFlag);
        return new AssessedReply(decision, reply.Confidence, reason, verdicts, flags);
    }

    /// <summary>What the model was shown of the record: evidence must come from here.</summary>
    public static string SourceText(Record record) =>
        string.Join("\n", new[] { record.Title, record.Abstract, record.Journal }.Where(s => !string.IsNullOrWhiteSpace(s)));
}
