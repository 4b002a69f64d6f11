using Microsoft.EntityFrameworkCore;
using Screener.Core.Embeddings;
using Screener.Core.Persistence;
using Screener.Core.Protocol;
using Screener.Core.Reviews;
using Screener.Core.Screening;

namespace Screener.Core.Ranking;

/// <summary>
/// DemoLabels &gt; 0 treats the imported labels of the first N unique records as if humans had screened them
/// (for demonstrations on a labelled CSV only; real screening uses human decisions).
/// StoppingAid = false skips the calibration behind the estimated recall (five extra model fits): the review queue
/// needs only the order.
/// </summary>
/// <param name="BlindedViewerId">Rank for this blinded reviewer: learn only from settled records and their own decisions (<see cref="ReviewLabels"/>).</param>
public sealed record RankRecordsRequest(string ReviewName, int Top = 20, int DemoLabels = 0, bool StoppingAid = true, long? BlindedViewerId = null);

public enum RankingMethod
{
    /// <summary>The SVM on the text and the human labels so far, with the LLM's probability blended in where there is one (<see cref="Ranker"/>).</summary>
    ActiveLearning,

    /// <summary>No include and exclude to learn from yet: the LLM's inclusion probability, highest first.</summary>
    LlmProbability,

    /// <summary>No labels and no LLM suggestions yet: cosine similarity to the protocol's question, PICOS and inclusion criteria.</summary>
    ProtocolSimilarity,
}

/// <summary>
/// Score: what the order follows (a probability when the classifier on text alone is calibrated, else the ranking
/// model's or the LLM's raw score, or the similarity to the protocol). InclusionProbability: the calibrated
/// probability the stopping aid sums (from the text alone when the ranking uses the LLM feature; null when there is none).
/// </summary>
public sealed record RankedRecord(int Rank, long RecordId, string? ExternalId, string Title, double Score, double? LlmProbability, double? InclusionProbability = null);

public sealed record RankRecordsResult(long ReviewId, RankingMethod Method, int UniqueRecords, int Unscreened, IReadOnlyList<RankedRecord> Records, StoppingAid Stopping, string? Note);

/// <summary>
/// Ranks a review's unscreened unique records (duplicates excluded) by likely relevance. Nothing is stored: the
/// ranking is recomputed from the decisions each time, in well under a second for thousands of records.
/// </summary>
public static class RankRecords
{
    public static async Task<RankRecordsResult> RunAsync(ScreenerDbContext db, RankRecordsRequest request, CancellationToken cancellationToken)
    {
        if (request.Top < 0) throw new ScreenerException("--top must be 0 (all) or more");
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, cancellationToken);
        var records = await db.Records.Where(r => r.ReviewId == review.Id && r.DuplicateOfId == null).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.ExternalId, r.Title, r.Abstract, Imported = r.ImportedLabelTitleAbstract ?? r.ImportedLabelFinal })
            .ToListAsync(cancellationToken);
        var screened = request.DemoLabels > 0
            ? records.Take(request.DemoLabels).Select(r => new ScreenedRecord(r.Id, r.Imported)).ToList()
            : (await ReviewLabels.RecallFirstLabelsAsync(db, review.Id, request.BlindedViewerId, cancellationToken)).ToList();
        var llm = await InclusionProbability.ByRecordAsync(db, review.Id, cancellationToken);

        var index = records.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        screened = screened.Where(s => index.ContainsKey(s.RecordId)).ToList();
        var labels = new bool?[records.Count];
        foreach (var s in screened) labels[index[s.RecordId]] = s.Include;
        var screenedSet = screened.Select(s => index[s.RecordId]).ToHashSet();
        var unscreened = Enumerable.Range(0, records.Count).Where(i => !screenedSet.Contains(i)).ToArray();
        var inputs = records.Select(r => new RankingInput(r.Title, r.Abstract, llm.TryGetValue(r.Id, out var p) ? p : null)).ToArray();

        var (method, order, scores, probabilities, note) = Choose(inputs, labels, unscreened, protocol, request.StoppingAid);
        var stopping = StoppingAid.Compute(screened.Select(s => s.Include).ToList(), probabilities, records.Count);
        var take = request.Top == 0 ? order.Count : Math.Min(request.Top, order.Count);
        var top = Enumerable.Range(0, take).Select(k =>
        {
            var r = records[order[k]];
            return new RankedRecord(k + 1, r.Id, r.ExternalId, r.Title, scores[k], inputs[order[k]].LlmProbability, probabilities?[k]);
        }).ToList();
        return new RankRecordsResult(review.Id, method, records.Count, unscreened.Length, top, stopping, note);
    }

    /// <summary>The method, the order, each ranked record's score, the probabilities the stopping aid sums (null: no estimate) and a note.</summary>
    private static (RankingMethod, IReadOnlyList<int>, IReadOnlyList<double>, IReadOnlyList<double>?, string?) Choose(
        RankingInput[] inputs, bool?[] labels, int[] unscreened, ReviewProtocol protocol, bool stoppingAid)
    {
        var labelled = Enumerable.Range(0, labels.Length).Where(i => labels[i] is not null).ToArray();
        if (labelled.Any(i => labels[i] == true) && labelled.Any(i => labels[i] == false))
        {
            var features = RankingFeatures.Build(inputs);
            var ranker = new Ranker(features, ActiveLearningOptions.Default);
            var ranked = ranker.Rank(labelled, labels, unscreened, new Random(1));
            var probabilities = stoppingAid ? ranker.Probabilities(labelled, labels, ranked) : null;
            var notes = new List<string>();
            if (ranked.WithoutText > 0)
                notes.Add($"{ranked.WithoutText} unscreened record(s) have no title or abstract words the model weighs; they are listed first, for a human to judge");
            if (stoppingAid && probabilities is null)
                notes.Add($"scores are the classifier's, not probabilities: estimating recall needs at least {ActiveLearning.CalibrationFolds} includes and {ActiveLearning.CalibrationFolds} excludes among the decisions");
            // Shown as the score only when it is the ranking model's own calibration (with the LLM feature the
            // probabilities are the text model's, which would not follow the order).
            var shown = probabilities is not null && !features.HasLlmFeature ? probabilities : ranked.Score;
            return (RankingMethod.ActiveLearning, ranked.Order, shown, probabilities, notes.Count == 0 ? null : string.Join("; ", notes));
        }
        const string needs = "active learning needs at least one include and one exclude among the human decisions";
        if (unscreened.Any(i => inputs[i].LlmProbability is not null))
        {
            var byLlm = unscreened.OrderByDescending(i => inputs[i].LlmProbability ?? -1).ThenBy(i => i).ToArray();
            var llm = byLlm.Select(i => inputs[i].LlmProbability ?? 0).ToArray();
            // The vote share orders records but is no calibrated probability: no recall estimate from it.
            return (RankingMethod.LlmProbability, byLlm, llm, null,
                needs + "; ranked by the LLM's inclusion probability (records without a suggestion last)");
        }
        var text = string.Join("\n", new[] { protocol.Title, protocol.Question, protocol.Picos.Population, protocol.Picos.Intervention,
            protocol.Picos.Comparison, protocol.Picos.Outcomes, protocol.Picos.StudyDesign }.Concat(protocol.InclusionCriteria.Select(c => c.Text)));
        using var embedder = HashedTfidfEmbeddingGenerator.FitOn(inputs.Select(i => i.Text).Append(text));
        var query = embedder.Embed(text);
        var similarity = unscreened.ToDictionary(i => i, i => (double)System.Numerics.Tensors.TensorPrimitives.Dot<float>(query, embedder.Embed(inputs[i].Text)));
        var bySimilarity = unscreened.OrderByDescending(i => similarity[i]).ThenBy(i => i).ToArray();
        return (RankingMethod.ProtocolSimilarity, bySimilarity, bySimilarity.Select(i => similarity[i]).ToArray(), null,
            needs + " and no LLM suggestions exist yet; ranked by similarity to the protocol's question, PICOS and inclusion criteria");
    }
}
