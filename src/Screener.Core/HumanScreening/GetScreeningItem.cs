using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Protocol;
using Screener.Core.Ranking;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;

namespace Screener.Core.HumanScreening;

/// <param name="EvidencePage">At full text: the page the LLM's quote is on (where grounding found it, else the page the reply cited).</param>
/// <param name="CitedPage">At full text: the page the reply cited for the quote.</param>
/// <param name="Place">At full text: where grounding found the quote (on the cited page, on another page, nowhere); null for title/abstract.</param>
public sealed record CriterionView(string Id, string Kind, string Text, string? LlmVerdict, string? Evidence, bool? Grounded, int? EvidencePage = null,
    int? CitedPage = null, QuotePlace? Place = null)
{
    /// <summary>
    /// Where a full-text quote was found, read back from its stored verdict (ReplyAssessment.AssessFullText wrote
    /// Page and FoundOnPage); null for a title/abstract verdict, which has neither.
    /// </summary>
    public static QuotePlace? PlaceOf(CriterionVerdict v) =>
        v.Page is null && v.FoundOnPage is null ? null
        : string.IsNullOrWhiteSpace(v.Evidence) ? QuotePlace.NoQuote
        : !v.Grounded || v.FoundOnPage is null ? QuotePlace.NotFound
        : v.FoundOnPage == v.Page ? QuotePlace.OnCitedPage
        : QuotePlace.OnOtherPage;
}

/// <param name="Route">What the suggestions ask of the human (SuggestionRouting): slots that disagree or a probability in
/// the protocol's uncertain band say "decide yourself first"; agreeing, confident slots are there to confirm.</param>
public sealed record LlmView(long SuggestionId, ScreeningDecision? Decision, double? InclusionProbability, double? Confidence, string? ExclusionReason,
    IReadOnlyList<string> Flags, Route Route, string RouteReason);

/// <param name="IndependentDecision">The reviewer's last decision before another's was shown to them: the one that counts.</param>
/// <param name="ChangedAfterSeeingOthers">The current decision differs from the independent one: changed after unblinding.</param>
public sealed record DecisionView(
    string Reviewer, ScreeningDecision Decision, string? ExclusionReason, string? Note, DateTimeOffset DecidedAt,
    long DecisionId, int Version, ScreeningDecision IndependentDecision, bool ChangedAfterSeeingOthers)
{
    public static DecisionView Of(HumanDecision d, string reviewer) =>
        new(reviewer, d.Decision, d.ExclusionReason, d.Note, d.DecidedAt, d.Id, d.Version, d.IndependentDecision, d.IndependentDecision != d.Decision);
}

public sealed record ScreeningProgress(int DecidedByMe, int Total, int Position);

public sealed record ScreeningItem(
    long ReviewId, long RecordId, string Title, string? Abstract, IReadOnlyList<string> Authors, int? Year, string? Journal,
    string? Doi, string? Pmid, IReadOnlyList<CriterionView> Criteria, LlmView? Llm, bool LlmHiddenByProtocol,
    DecisionView? MyDecision, bool OthersBlinded, IReadOnlyList<DecisionView>? OtherDecisions, RecordState? State,
    IReadOnlyList<string> ExclusionReasons, ScreeningProgress Progress, long? PreviousRecordId, long? NextRecordId,
    ScreeningDecision? Adjudicated, bool ExclusionReasonRequired = false);

/// <summary>
/// One record as a reviewer screens it: text, the criteria with the LLM's verdicts and evidence (when the protocol
/// shows them), the reviewer's own decision, and the others' decisions only where blinding allows. The record's
/// state (awaiting / conflict / settled) is withheld from a blinded reviewer too: "conflict" would tell them what
/// the others decided. Once a reviewer who decided is shown the others' decisions, that is recorded: a decision
/// they make afterwards is not independent.
/// </summary>
public static class GetScreeningItem
{
    public static async Task<ScreeningItem> RunAsync(
        ScreenerDbContext db, QueueRankings rankings, TimeProvider time, ReviewActor actor, long recordId, ReviewStage stage, CancellationToken cancellationToken)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, cancellationToken);
        await RecordDecision.RequireRecordAsync(db, actor.ReviewId, recordId, cancellationToken);
        var record = await db.Records.AsNoTracking().SingleAsync(r => r.Id == recordId, cancellationToken);
        var decisions = await db.HumanDecisions.Where(d => d.RecordId == recordId && d.Stage == stage)
            .Join(db.Reviewers, d => d.ReviewerId, r => r.Id, (d, r) => new { d, Name = r.DisplayName ?? r.UserName })
            .ToListAsync(cancellationToken);
        var adjudication = await db.Adjudications.AsNoTracking().Where(a => a.RecordId == recordId && a.Stage == stage)
            .Select(a => (ScreeningDecision?)a.Decision).SingleOrDefaultAsync(cancellationToken);

        var dual = protocol.Screening.DualHumanReview;
        var mine = decisions.SingleOrDefault(x => x.d.ReviewerId == actor.ReviewerId);
        var maySee = DecisionRules.MaySeeOtherDecisions(dual, mine is not null, actor.Role);
        var others = maySee ? decisions.Where(x => x.d.ReviewerId != actor.ReviewerId).Select(x => DecisionView.Of(x.d, x.Name)).ToList() : null;
        var outcome = DecisionRules.Outcome(decisions.Select(x => new HumanVote(x.d.IndependentDecision, x.d.Decision)).ToList(), adjudication, dual);
        if (dual && mine is not null && others is { Count: > 0 } && mine.d.OthersShownAt is null)
        {
            mine.d.OthersShownAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        var show = protocol.Screening.ShowLlmSuggestion;
        var llm = show ? await LlmAsync(db, actor.ReviewId, recordId, RunStages.ScreeningOf(stage), protocol.Screening, cancellationToken) : null;
        var verdicts = llm is null ? [] : ByCriterion(llm.Value.Verdicts);
        var eligibility = protocol.Eligibility(stage);
        var criteria = eligibility.InclusionCriteria.Select(c => (c, "inclusion")).Concat(eligibility.ExclusionCriteria.Select(c => (c, "exclusion")))
            .Select(x => verdicts.TryGetValue(x.c.Id, out var v)
                ? new CriterionView(x.c.Id, x.Item2, x.c.Text, CriterionVerdict.Name(v.Verdict), v.Evidence, v.Grounded, v.FoundOnPage ?? v.Page,
                    v.Page, CriterionView.PlaceOf(v))
                : new CriterionView(x.c.Id, x.Item2, x.c.Text, null, null, null)).ToList();

        var queue = await StageQueueAsync(db, rankings, actor, stage, dual, null, cancellationToken);
        var position = -1;
        for (var i = 0; i < queue.Count && position < 0; i++)
            if (queue[i].RecordId == recordId) position = i;
        var decidedByMe = await db.HumanDecisions.CountAsync(d => d.ReviewId == actor.ReviewId && d.ReviewerId == actor.ReviewerId && d.Stage == stage, cancellationToken);
        return new ScreeningItem(actor.ReviewId, record.Id, record.Title, record.Abstract, record.Authors, record.Year, record.Journal,
            record.Doi, record.Pmid, criteria, llm?.View, !show, mine is null ? null : DecisionView.Of(mine.d, mine.Name), !maySee, others,
            maySee ? outcome.State : null, eligibility.ExclusionReasons, new ScreeningProgress(decidedByMe, queue.Count, position + 1),
            position > 0 ? queue[position - 1].RecordId : null, position + 1 < queue.Count ? queue[position + 1].RecordId : null, adjudication,
            protocol.Screening.ExclusionReasonRequired);
    }

    /// <summary>
    /// The review's queue at a stage: at full text only the records that reached it (<see cref="FullTextEntry"/>).
    /// <paramref name="read"/>: the page's read of the ranking, when it has one already.
    /// </summary>
    internal static async Task<IReadOnlyList<QueueEntry>> StageQueueAsync(
        ScreenerDbContext db, QueueRankings rankings, ReviewActor actor, ReviewStage stage, bool dual, RankingRead? read, CancellationToken ct)
    {
        var viewer = DecisionRules.BlindedViewer(dual, actor);
        read ??= await rankings.ReadAsync(db, actor.ReviewId, viewer, ct);
        var queue = ScreeningQueue.Of(read.Visible, await rankings.BaseQueueAsync(db, read, ct));
        if (stage != ReviewStage.FullText) return queue;
        var entered = await FullTextEntry.RecordIdsAsync(db, actor.ReviewId, ct);
        return queue.Where(q => entered.Contains(q.RecordId)).ToList();
    }

    internal static async Task<(LlmView View, List<CriterionVerdict> Verdicts)?> LlmAsync(ScreenerDbContext db, long reviewId, long recordId, RunStage runStage,
        ScreeningPolicy policy, CancellationToken cancellationToken)
    {
        var parsed = await db.Suggestions.AsNoTracking()
            .Where(s => s.RecordId == recordId && s.Status == SuggestionStatus.Parsed && db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == reviewId && r.Stage == runStage))
            .OrderByDescending(s => s.Id).ToListAsync(cancellationToken);
        if (parsed.Count == 0) return null;
        var latest = parsed[0];
        var routing = SuggestionRouting.Route(parsed.Where(s => s.Decision is not null).Select(s => s.Decision!.Value).ToList(), policy);
        return (new LlmView(latest.Id, latest.Decision, routing.InclusionProbability, latest.Confidence, latest.ExclusionReason, latest.Flags,
            routing.Route, routing.Reason), latest.Verdicts);
    }

    /// <summary>The suggestion's verdicts by criterion id (the first where a reply named a criterion twice).</summary>
    private static Dictionary<string, CriterionVerdict> ByCriterion(List<CriterionVerdict> verdicts) =>
        verdicts.Where(v => !string.IsNullOrEmpty(v.CriterionId))
            .GroupBy(v => v.CriterionId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
}
