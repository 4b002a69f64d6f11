using Microsoft.EntityFrameworkCore;
using Screener.Core.Decisions;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;

namespace Screener.Core.Exports;

/// <summary>
/// The rows of an export: the review's records in id order (streamed), each with its human screening per stage,
/// its latest parsed LLM suggestion and its inclusion probability (decisions and suggestions are loaded first,
/// one row of each per record at most, so memory follows the decisions, not the records' text).
/// </summary>
public static class ExportRowsQuery
{
    public static async Task<IAsyncEnumerable<ExportRow>> RunAsync(ScreenerDbContext db, long reviewId, bool includeDuplicates, CancellationToken ct)
    {
        var humans = (await db.HumanDecisions.AsNoTracking().Where(d => d.ReviewId == reviewId)
                .Join(db.Reviewers, d => d.ReviewerId, r => r.Id, (d, r) => new { d.RecordId, d.Stage, r.UserName, d.Decision, d.ExclusionReason })
                .ToListAsync(ct))
            .ToLookup(d => (d.RecordId, d.Stage), d => new ReviewerDecisionText(d.UserName, d.Decision, d.ExclusionReason));
        var outcomes = new Dictionary<(long, ReviewStage), RecordVotes>();
        foreach (var stage in Enum.GetValues<ReviewStage>())
            foreach (var v in await SettledDecisions.OutcomesAsync(db, reviewId, stage, ct)) outcomes[(v.RecordId, stage)] = v;
        var suggestions = await LatestSuggestionsAsync(db, reviewId, ct);
        var probabilities = await InclusionProbability.ByRecordAsync(db, reviewId, ct);

        StageResult Stage(long id, bool isDuplicate, ReviewStage stage, bool applies) =>
            isDuplicate ? StageResult.None : StageResult.From(outcomes.GetValueOrDefault((id, stage)), humans[(id, stage)].ToList(), applies);

        ExportRow Complete(ExportRow row)
        {
            var duplicate = row.DuplicateOfId is not null;
            var ta = Stage(row.Id, duplicate, ReviewStage.TitleAbstract, applies: true);
            // Full text applies once the abstract stage included the record; before that "awaiting" would be wrong.
            var ft = Stage(row.Id, duplicate, ReviewStage.FullText, applies: ta.Decision == StageResult.Word(ScreeningDecision.Include));
            var llm = suggestions.GetValueOrDefault(row.Id, LlmResult.None) with
            {
                IncludeProbability = probabilities.TryGetValue(row.Id, out var p) ? p : null,
            };
            return row with { TitleAbstract = ta, FullText = ft, Llm = llm };
        }

        return db.Records.AsNoTracking()
            .Where(r => r.ReviewId == reviewId && (includeDuplicates || r.DuplicateOfId == null))
            .OrderBy(r => r.Id)
            .Select(r => new ExportRow(r.Id, r.ExternalId, r.ImportSource!.SourceName, r.ImportSource.FileName, r.SourceLine,
                r.DuplicateOfId, r.Title, r.Abstract, r.Authors, r.Year, r.Journal, r.Doi, r.Pmid, r.Keywords,
                r.ImportedLabelTitleAbstract, r.ImportedLabelFinal, StageResult.None, StageResult.None, LlmResult.None))
            .AsAsyncEnumerable()
            .Select(Complete);
    }

    /// <summary>Each record's newest parsed title/abstract suggestion (any run of the review), as the export shows it.</summary>
    private static async Task<Dictionary<long, LlmResult>> LatestSuggestionsAsync(ScreenerDbContext db, long reviewId, CancellationToken ct) =>
        (await db.Suggestions.AsNoTracking()
            .Where(s => s.Status == SuggestionStatus.Parsed && db.Runs.Any(r => r.Id == s.RunId && r.ReviewId == reviewId && r.Stage == RunStage.Screening))
            .Select(s => new { s.Id, s.RecordId, s.Decision, s.Confidence, s.ExclusionReason, s.Flags, s.Audit.CreatedAt })
            .ToListAsync(ct))
        .GroupBy(s => s.RecordId)
        .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).First())
        .ToDictionary(p => p.Key, p => new LlmResult(p.Value.Decision is { } d ? StageResult.Word(d) : null, p.Value.Confidence,
            p.Value.ExclusionReason, p.Value.Flags, null));
}
