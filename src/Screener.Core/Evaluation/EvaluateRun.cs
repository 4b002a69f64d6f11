using Microsoft.EntityFrameworkCore;
using Screener.Core.Jobs;
using Screener.Core.Persistence;
using Screener.Core.Reviews;
using Screener.Core.Vocabulary;

namespace Screener.Core.Evaluation;

public enum TruthSource
{
    /// <summary>Human decisions: the adjudication where there is one, else the reviewers' decision when they agree.</summary>
    Human,

    /// <summary>The title/abstract label that came with the imported file.</summary>
    ImportedTitleAbstract,

    /// <summary>The final (full-text) label that came with the imported file.</summary>
    ImportedFinal,
}

public sealed record RunEvaluationRequest(
    string ReviewName,
    long? RunId = null,
    TruthSource Truth = TruthSource.Human,
    ReviewStage Stage = ReviewStage.TitleAbstract,
    double ConfidenceThreshold = 0.9,
    BootstrapSettings? Bootstrap = null);

/// <summary>
/// Evaluates an LLM screening run stored in the database against human decisions or imported labels: the
/// majority over the run's reviewer slots, each slot on its own, agreement between slots, and the flags.
/// </summary>
public static class EvaluateRun
{
    public static async Task<EvaluationReport> RunAsync(ScreenerDbContext db, RunEvaluationRequest request, CancellationToken cancellationToken)
    {
        var review = await ReviewLookup.FindAsync(db, request.ReviewName, cancellationToken);
        var run = await FindRunAsync(db, review, request.RunId, cancellationToken);
        var records = await db.Records.Where(r => r.ReviewId == review.Id && r.DuplicateOfId == null)
            .Select(r => new { r.Id, r.ImportedLabelTitleAbstract, r.ImportedLabelFinal })
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var notes = new List<string>();
        var truth = request.Truth switch
        {
            TruthSource.ImportedTitleAbstract => records.Values.Where(r => r.ImportedLabelTitleAbstract is not null).ToDictionary(r => r.Id, r => r.ImportedLabelTitleAbstract!.Value),
            TruthSource.ImportedFinal => records.Values.Where(r => r.ImportedLabelFinal is not null).ToDictionary(r => r.Id, r => r.ImportedLabelFinal!.Value),
            _ => await HumanTruth.LoadAsync(db, review.Id, request.Stage, notes, cancellationToken),
        };
        truth = truth.Where(t => records.ContainsKey(t.Key)).ToDictionary();
        if (truth.Count == 0)
            throw new ScreenerException($"review '{review.Name}' has no {Describe(request.Truth)} to evaluate against; choose another with --truth");

        var suggestions = await db.Suggestions.Where(s => s.RunId == run.Id).OrderBy(s => s.Id).AsNoTracking().ToListAsync(cancellationToken);
        var unusable = suggestions.Count(s => s.Status != SuggestionStatus.Parsed || s.Decision is null);
        if (unusable > 0) notes.Add($"run {run.Id}: {unusable} suggestion(s) failed or did not parse; their records count as missing for that slot");
        var parsed = suggestions.Where(s => s.Status == SuggestionStatus.Parsed && s.Decision is not null).ToList();
        // Keyed by the Screener record id: imported ids are not unique (two CSVs numbered from 1), and keying by them
        // merged two records' votes or failed on the duplicate key.
        static string Label(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var report = RunEvaluator.Evaluate(run.Id, truth.ToDictionary(t => Label(t.Key), t => t.Value),
            parsed.Select(s => new SlotVote(Label(s.RecordId), s.Repeat == 1 ? s.Slot : $"{s.Slot}#{s.Repeat}", ToLabel(s.Decision!.Value), s.Confidence, s.Flags)).ToList(),
            request.ConfidenceThreshold, request.Bootstrap);
        var extraction = await ExtractionFlagsAsync(db, review.Id, Label, cancellationToken);
        return report with
        {
            Title = $"Evaluation of run {run.Id} ({run.Model}) in review '{review.Name}'",
            TruthSource = Describe(request.Truth),
            Flags = [.. report.Flags, .. extraction.Flags],
            Hallucinations = report.Hallucinations with { ExtractionFieldsChecked = extraction.Checked, ExtractionFieldsUngrounded = extraction.Ungrounded },
            Notes = [.. notes, .. report.Notes],
        };
    }

    private static async Task<ScreeningRun> FindRunAsync(ScreenerDbContext db, Review review, long? runId, CancellationToken cancellationToken)
    {
        var runs = db.Runs.Where(r => r.ReviewId == review.Id && r.Stage == RunStage.Screening);
        var run = runId is { } id
            ? await runs.SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            : await runs.OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return run ?? throw new ScreenerException(runId is null
            ? $"review '{review.Name}' has no screening run yet: start one with `screener screen --review {review.Name}`"
            : $"review '{review.Name}' has no screening run {runId}: `screener status --review {review.Name}` lists its runs");
    }

    private static async Task<(int Checked, int Ungrounded, List<HallucinationFlag> Flags)> ExtractionFlagsAsync(
        ScreenerDbContext db, long reviewId, Func<long, string> label, CancellationToken cancellationToken)
    {
        var fields = await db.ExtractionFields
            .Where(f => db.ExtractionDrafts.Any(d => d.Id == f.DraftId && db.Runs.Any(r => r.Id == d.RunId && r.ReviewId == reviewId)))
            .Select(f => new { f.RecordId, f.DraftId, f.FieldName, f.Flags, f.NotReported })
            .ToListAsync(cancellationToken);
        var flags = fields.SelectMany(f => HallucinationFlagFinder.Ungrounded(label(f.RecordId), $"extraction draft {f.DraftId} field {f.FieldName}", f.Flags)).ToList();
        var checkedFields = fields.Count(f => !f.NotReported);
        return (checkedFields, fields.Count(f => f.Flags.Any(HallucinationFlagFinder.IsUngrounded)), flags);
    }

    public static PredictedLabel ToLabel(ScreeningDecision decision) => decision switch
    {
        ScreeningDecision.Include => PredictedLabel.Include,
        ScreeningDecision.Exclude => PredictedLabel.Exclude,
        _ => PredictedLabel.Unsure,
    };

    private static string Describe(TruthSource truth) => truth switch
    {
        TruthSource.ImportedTitleAbstract => "imported title/abstract labels",
        TruthSource.ImportedFinal => "imported final labels",
        _ => "human decisions",
    };
}
