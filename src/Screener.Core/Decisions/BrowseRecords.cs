using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Records;
using Screener.Core.Reviews;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;

namespace Screener.Core.Decisions;

/// <param name="Search">Words looked for in the title, abstract and authors (case-insensitive, as one phrase).</param>
/// <param name="Decision">include / exclude / unsure / none: a human decision the viewer may see (a blinded reviewer: their own).</param>
/// <param name="Status">settled-include / settled-exclude / open (not settled), and for those who see every decision also conflict / awaiting.</param>
/// <param name="Llm">include / exclude / unsure / none: the LLM's latest suggestion at the stage.</param>
/// <param name="Flag">any / ungrounded / other-page / none: the grounding flags of that suggestion.</param>
public sealed record BrowseRecordsRequest(
    ReviewStage Stage, string? Search = null, string? Decision = null, string? Status = null, string? Llm = null, string? Flag = null,
    int Page = 1, int PageSize = BrowseRecords.DefaultPageSize);

/// <param name="Decisions">Every human's current decision ("Alice: include"), only for a viewer who may see them all; null otherwise.</param>
/// <param name="State">Awaiting / conflict / settled, only for a viewer who may see every decision (a conflict tells what the others decided).</param>
public sealed record RecordRow(
    long RecordId, string Title, string? FirstAuthor, int? Year, ScreeningDecision? MyDecision, ScreeningDecision? Settled,
    RecordState? State, IReadOnlyList<string>? Decisions, ScreeningDecision? Llm, IReadOnlyList<string> Flags);

public sealed record RecordPage(
    IReadOnlyList<RecordRow> Rows, int Total, int Page, int PageSize, bool Blinded, bool LlmShown)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The review's record list with search and filters, a page at a time. Blinding as everywhere (issue 17): a blinded
/// reviewer (dual review, role reviewer) sees and filters only settled outcomes and their own decisions; another
/// reviewer's decision, a conflict or an awaiting state are for adjudicators and admins (a filter on them is 403 for
/// a blinded reviewer, never a silently different list). The LLM's suggestion follows the protocol's
/// `show_llm_suggestion`, as on the screening page. At full text the list holds the records that reached it.
/// </summary>
public static class BrowseRecords
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    private static readonly string[] Decisions = ["include", "exclude", "unsure", "none"];
    private static readonly string[] OpenStatuses = ["settled-include", "settled-exclude", "open"];
    private static readonly string[] AdjudicatorStatuses = ["conflict", "awaiting"];
    private static readonly string[] Flags = ["any", "ungrounded", "other-page", "none"];

    public static async Task<RecordPage> RunAsync(ScreenerDbContext db, ReviewActor actor, BrowseRecordsRequest request, CancellationToken ct)
    {
        var protocol = await ReviewAccess.ProtocolAsync(db, actor.ReviewId, ct);
        var dual = protocol.Screening.DualHumanReview;
        var blinded = DecisionRules.BlindedViewer(dual, actor) is not null;
        var llmShown = protocol.Screening.ShowLlmSuggestion;
        var decision = Word("decision", request.Decision, Decisions);
        var status = Word("status", request.Status, [.. OpenStatuses, .. AdjudicatorStatuses]);
        if (blinded && status is not null && AdjudicatorStatuses.Contains(status))
            throw new ForbiddenException($"only adjudicators and admins can filter by '{status}': it tells what the other reviewers decided (blinded dual review)");
        var llm = Word("llm", request.Llm, Decisions);
        var flag = Word("flag", request.Flag, Flags);
        if (!llmShown && (llm ?? flag) is not null)
            throw new ForbiddenException("the protocol hides the LLM's suggestions from reviewers (show_llm_suggestion: false), so the list cannot filter by them");
        if (request.Page < 1) throw new InvalidInputException("page", "must be 1 or more");
        if (request.PageSize is < 1 or > MaxPageSize) throw new InvalidInputException("pageSize", $"must be 1 to {MaxPageSize}");

        var records = await MatchingAsync(db, actor.ReviewId, request, ct);
        var votes = await VotesAsync(db, actor.ReviewId, request.Stage, ct);
        var adjudicated = await db.Adjudications.Where(a => a.ReviewId == actor.ReviewId && a.Stage == request.Stage)
            .ToDictionaryAsync(a => a.RecordId, a => a.Decision, ct);
        RecordRow Row(long id, IReadOnlyDictionary<long, Suggested> suggestions)
        {
            var humans = votes[id].ToList();
            var outcome = DecisionRules.Outcome(humans.Select(h => new HumanVote(h.Independent, h.Current)).ToList(), adjudicated.TryGetValue(id, out var a) ? a : null, dual);
            var mine = humans.FirstOrDefault(h => h.ReviewerId == actor.ReviewerId)?.Current;
            var suggestion = suggestions.GetValueOrDefault(id);
            return new RecordRow(id, "", null, null, mine, outcome.State == RecordState.Settled ? outcome.Decision : null,
                blinded ? null : outcome.State, blinded ? null : humans.Select(h => $"{h.Name}: {Name(h.Current)}").ToList(),
                suggestion?.Decision, suggestion?.Flags ?? []);
        }
        bool Kept(RecordRow r) => Keeps(r, decision, status, llm, flag, blinded, votes[r.RecordId].Select(h => h.Current));

        // Rows of records a human decided or adjudicated are built here by the rules above (few: the humans' work so
        // far). Every other record's row differs only by its LLM suggestion, so those are filtered, counted and paged
        // in SQL, never loaded as a whole (issue 17 item 16: a 100,000-record review read every row on each page).
        var touched = votes.Select(g => g.Key).Union(adjudicated.Keys).ToList();
        var touchedIds = await records.Where(r => touched.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);
        var touchedSuggestions = llmShown ? await LatestSuggestionsAsync(db, actor.ReviewId, request.Stage, touchedIds, ct) : [];
        var touchedRows = touchedIds.Select(id => Row(id, touchedSuggestions)).Where(Kept).ToDictionary(r => r.RecordId);
        var keptTouched = touchedRows.Keys.ToList();
        // An undecided record passes the decision and status filters or none does; the LLM's filters then go to SQL.
        var untouched = Keeps(Row(0, new Dictionary<long, Suggested>()), decision, status, null, null, blinded, [])
            ? WithSuggestion(db, actor.ReviewId, request.Stage, records.Where(r => !touched.Contains(r.Id)), llm, flag)
            : null;
        // Every record passes (no filter, or none that excludes one): the matching records as they are.
        var all = untouched is not null && llm is null && flag is null && keptTouched.Count == touchedIds.Count;
        var total = all ? await records.CountAsync(ct) : keptTouched.Count + (untouched is null ? 0 : await untouched.CountAsync(ct));
        var listed = all ? records.Select(r => r.Id) : records.Where(r => keptTouched.Contains(r.Id)).Select(r => r.Id);
        // Disjoint by construction: UNION ALL, no duplicate elimination over the review's records.
        if (!all && untouched is not null) listed = listed.Concat(untouched.Select(r => r.Id));
        var pageIds = await listed.OrderBy(id => id).Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToListAsync(ct);

        var others = pageIds.Where(id => !touchedRows.ContainsKey(id)).ToList();
        var otherSuggestions = llmShown ? await LatestSuggestionsAsync(db, actor.ReviewId, request.Stage, others, ct) : [];
        var texts = await db.Records.AsNoTracking().Where(r => pageIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => new { r.Title, FirstAuthor = r.Authors.Count > 0 ? r.Authors[0] : null, r.Year }, ct);
        var page = pageIds.Select(id => touchedRows.TryGetValue(id, out var row) ? row : Row(id, otherSuggestions))
            .Select(r => r with { Title = texts[r.RecordId].Title, FirstAuthor = texts[r.RecordId].FirstAuthor, Year = texts[r.RecordId].Year }).ToList();
        return new RecordPage(page, total, request.Page, request.PageSize, blinded, llmShown);
    }

    /// <summary>A filter word checked against the values it may take (null or empty: no filter).</summary>
    private static string? Word(string field, string? value, IReadOnlyList<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var word = value.Trim().ToLowerInvariant();
        return allowed.Contains(word) ? word : throw new InvalidInputException(field, $"'{value}' is not one of " + string.Join(", ", allowed));
    }

    /// <summary>
    /// Whether a row passes the filters. A blinded viewer's decision filter reads their own decision only: the
    /// others' decisions on a record are not theirs to see (issue 17), so they cannot select records by them either.
    /// </summary>
    private static bool Keeps(RecordRow r, string? decision, string? status, string? llm, string? flag, bool blinded, IEnumerable<ScreeningDecision> everyone)
    {
        if (decision is not null)
        {
            var seen = blinded ? (r.MyDecision is { } m ? [m] : []) : everyone.ToList();
            if (decision == "none" ? seen.Count > 0 : !seen.Any(d => Name(d) == decision)) return false;
        }
        var keepsStatus = status switch
        {
            null => true,
            "settled-include" => r.Settled == ScreeningDecision.Include,
            "settled-exclude" => r.Settled == ScreeningDecision.Exclude,
            "open" => r.Settled is null,
            "conflict" => r.State == RecordState.Conflict,
            _ => r.State == RecordState.Awaiting,
        };
        if (!keepsStatus) return false;
        if (llm is not null && (llm == "none" ? r.Llm is not null : r.Llm is not { } l || Name(l) != llm)) return false;
        return flag switch
        {
            null => true,
            "any" => r.Flags.Count > 0,
            "ungrounded" => r.Flags.Any(f => f.StartsWith(ReplyAssessment.UngroundedQuotePrefix, StringComparison.Ordinal)),
            "other-page" => r.Flags.Any(f => f.StartsWith(ReplyAssessment.QuoteOnOtherPagePrefix, StringComparison.Ordinal)),
            _ => r.Flags.Count == 0,
        };
    }

    private static string Name(ScreeningDecision d) => d.ToString().ToLowerInvariant();

    /// <summary>The unique records of the review (at full text: those that reached it) matching the search.</summary>
    private static async Task<IQueryable<Record>> MatchingAsync(ScreenerDbContext db, long reviewId, BrowseRecordsRequest request, CancellationToken ct)
    {
        var records = db.Records.Where(r => r.ReviewId == reviewId && r.DuplicateOfId == null);
        if (request.Stage == ReviewStage.FullText)
        {
            var entered = (await FullTextEntry.RecordIdsAsync(db, reviewId, ct)).ToList();
            records = records.Where(r => entered.Contains(r.Id));
        }
        if (!string.IsNullOrWhiteSpace(request.Search))
        {
            var pattern = "%" + request.Search.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal) + "%";
            records = records.Where(r => EF.Functions.ILike(r.Title, pattern, @"\") || EF.Functions.ILike(r.Abstract ?? "", pattern, @"\")
                || EF.Functions.ILike(string.Join("; ", r.Authors), pattern, @"\"));
        }
        return records;
    }

    private sealed record Vote(long ReviewerId, string Name, ScreeningDecision Independent, ScreeningDecision Current);

    private static async Task<ILookup<long, Vote>> VotesAsync(ScreenerDbContext db, long reviewId, ReviewStage stage, CancellationToken ct) =>
        (await db.HumanDecisions.Where(d => d.ReviewId == reviewId && d.Stage == stage)
            .Join(db.Reviewers, d => d.ReviewerId, r => r.Id, (d, r) => new { d.RecordId, d.ReviewerId, Name = r.DisplayName ?? r.UserName, d.BlindDecision, d.Decision })
            .ToListAsync(ct))
        .ToLookup(d => d.RecordId, d => new Vote(d.ReviewerId, d.Name, d.BlindDecision ?? d.Decision, d.Decision));

    private sealed record Suggested(ScreeningDecision? Decision, IReadOnlyList<string> Flags);

    /// <summary>The parsed suggestions at the stage that no later one of the same record replaced: the one the screening page shows.</summary>
    private static IQueryable<LlmSuggestion> Latest(ScreenerDbContext db, long reviewId, ReviewStage stage)
    {
        var runStage = RunStages.ScreeningOf(stage);
        var parsed = db.Suggestions.Where(s => s.Status == SuggestionStatus.Parsed
            && db.Runs.Any(run => run.Id == s.RunId && run.ReviewId == reviewId && run.Stage == runStage));
        return parsed.Where(s => !parsed.Any(t => t.RecordId == s.RecordId && t.Id > s.Id));
    }

    /// <summary>Each of these records' latest parsed suggestion at the stage.</summary>
    private static async Task<Dictionary<long, Suggested>> LatestSuggestionsAsync(
        ScreenerDbContext db, long reviewId, ReviewStage stage, List<long> recordIds, CancellationToken ct) =>
        await Latest(db, reviewId, stage).Where(s => recordIds.Contains(s.RecordId))
            .ToDictionaryAsync(s => s.RecordId, s => new Suggested(s.Decision, s.Flags), ct);

    /// <summary><see cref="Keeps"/>'s LLM and flag filters in SQL, for records without human decisions (their row is their suggestion).</summary>
    private static IQueryable<Record> WithSuggestion(ScreenerDbContext db, long reviewId, ReviewStage stage, IQueryable<Record> records, string? llm, string? flag)
    {
        var latest = Latest(db, reviewId, stage);
        if (llm == "none") records = records.Where(r => !latest.Any(s => s.RecordId == r.Id && s.Decision != null));
        else if (llm is not null)
        {
            var wanted = Enum.Parse<ScreeningDecision>(llm, ignoreCase: true);
            records = records.Where(r => latest.Any(s => s.RecordId == r.Id && s.Decision == wanted));
        }
        return flag switch
        {
            null => records,
            "any" => records.Where(r => latest.Any(s => s.RecordId == r.Id && s.Flags.Count > 0)),
            "ungrounded" => records.Where(r => latest.Any(s => s.RecordId == r.Id && s.Flags.Any(f => f.StartsWith(ReplyAssessment.UngroundedQuotePrefix)))),
            "other-page" => records.Where(r => latest.Any(s => s.RecordId == r.Id && s.Flags.Any(f => f.StartsWith(ReplyAssessment.QuoteOnOtherPagePrefix)))),
            _ => records.Where(r => !latest.Any(s => s.RecordId == r.Id && s.Flags.Count > 0)),
        };
    }
}
