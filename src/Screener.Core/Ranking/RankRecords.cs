using System.Data;
using System.Runtime.CompilerServices;
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
/// ranking is recomputed from the decisions each time (the web keeps the last one, <see cref="QueueRankings"/>). The
/// records' texts are streamed from the database a few times (<see cref="RankingFeatureBuilder"/>) inside one
/// repeatable-read snapshot, so memory holds one sparse row per record, never every text or term count at once.
/// </summary>
public static class RankRecords
{
    public static async Task<RankRecordsResult> RunAsync(ScreenerDbContext db, RankRecordsRequest request, CancellationToken cancellationToken)
    {
        if (request.Top < 0) throw new ScreenerException("--top must be 0 (all) or more");
        // One snapshot for every query below: both passes over the texts must see the same records.
        await using var snapshot = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken) : null;
        var (review, protocol) = await ReviewLookup.FindWithProtocolAsync(db, request.ReviewName, cancellationToken);
        var unique = db.Records.AsNoTracking().Where(r => r.ReviewId == review.Id && r.DuplicateOfId == null).OrderBy(r => r.Id);
        var records = await unique.Select(r => new { r.Id, Imported = r.ImportedLabelTitleAbstract ?? r.ImportedLabelFinal }).ToListAsync(cancellationToken);
        var screened = request.DemoLabels > 0
            ? records.Take(request.DemoLabels).Select(r => new ScreenedRecord(r.Id, r.Imported)).ToList()
            : (await ReviewLabels.RecallFirstLabelsAsync(db, review.Id, request.BlindedViewerId, cancellationToken)).ToList();
        var llmByRecord = await InclusionProbability.ByRecordAsync(db, review.Id, cancellationToken);

        var ids = records.Select(r => r.Id).ToArray();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        screened = screened.Where(s => index.ContainsKey(s.RecordId)).ToList();
        var labels = new bool?[ids.Length];
        foreach (var s in screened) labels[index[s.RecordId]] = s.Include;
        var screenedSet = screened.Select(s => index[s.RecordId]).ToHashSet();
        var unscreened = Enumerable.Range(0, ids.Length).Where(i => !screenedSet.Contains(i)).ToArray();
        var llm = ids.Select(id => llmByRecord.TryGetValue(id, out var p) ? p : (double?)null).ToArray();

        // Each pass: the unique records' texts in id order, checked against the ids read above.
        async IAsyncEnumerable<RankingInput> Texts([EnumeratorCancellation] CancellationToken ct)
        {
            var i = 0;
            await foreach (var r in unique.Select(r => new { r.Id, r.Title, r.Abstract }).AsAsyncEnumerable().WithCancellation(ct))
            {
                if (i >= ids.Length || ids[i] != r.Id) throw new InvalidOperationException($"record {r.Id} appeared while ranking review {review.Id}");
                yield return new RankingInput(r.Title, r.Abstract, llm[i++]);
            }
            if (i != ids.Length) throw new InvalidOperationException($"records of review {review.Id} disappeared while ranking");
        }

        var (method, order, scores, probabilities, note) = await ChooseAsync(Texts, llm, labels, unscreened, protocol, request.StoppingAid, cancellationToken);
        var stopping = StoppingAid.Compute(screened.Select(s => s.Include).ToList(), probabilities, ids.Length);
        var take = request.Top == 0 ? order.Count : Math.Min(request.Top, order.Count);
        // Titles and external ids for the records shown only (all of them for --top 0), read after ranking.
        var shown = order.Take(take).Select(i => ids[i]).ToList();
        var details = new Dictionary<long, (string? ExternalId, string Title)>(take);
        foreach (var chunk in shown.Chunk(10_000))
            foreach (var r in await db.Records.AsNoTracking().Where(r => chunk.Contains(r.Id)).Select(r => new { r.Id, r.ExternalId, r.Title }).ToListAsync(cancellationToken))
                details[r.Id] = (r.ExternalId, r.Title);
        var top = Enumerable.Range(0, take).Select(k =>
        {
            var id = ids[order[k]];
            return new RankedRecord(k + 1, id, details[id].ExternalId, details[id].Title, scores[k], llm[order[k]], probabilities?[k]);
        }).ToList();
        return new RankRecordsResult(review.Id, method, ids.Length, unscreened.Length, top, stopping, note);
    }

    /// <summary>The method, the order, each ranked record's score, the probabilities the stopping aid sums (null: no estimate) and a note.</summary>
    private static async Task<(RankingMethod, IReadOnlyList<int>, IReadOnlyList<double>, IReadOnlyList<double>?, string?)> ChooseAsync(
        Func<CancellationToken, IAsyncEnumerable<RankingInput>> texts, double?[] llm, bool?[] labels, int[] unscreened, ReviewProtocol protocol,
        bool stoppingAid, CancellationToken cancellationToken)
    {
        var labelled = Enumerable.Range(0, labels.Length).Where(i => labels[i] is not null).ToArray();
        if (labelled.Any(i => labels[i] == true) && labelled.Any(i => labels[i] == false))
        {
            var builder = new RankingFeatureBuilder(labels.Length);
            for (var pass = 0; pass < builder.Passes; pass++)
            {
                await foreach (var record in texts(cancellationToken)) builder.Read(record);
                builder.EndPass();
            }
            var features = builder.Build();
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
        if (unscreened.Any(i => llm[i] is not null))
        {
            var byLlm = unscreened.OrderByDescending(i => llm[i] ?? -1).ThenBy(i => i).ToArray();
            var scores = byLlm.Select(i => llm[i] ?? 0).ToArray();
            // The vote share orders records but is no calibrated probability: no recall estimate from it.
            return (RankingMethod.LlmProbability, byLlm, scores, null,
                needs + "; ranked by the LLM's inclusion probability (records without a suggestion last)");
        }
        var text = string.Join("\n", new[] { protocol.Title, protocol.Question, protocol.Picos.Population, protocol.Picos.Intervention,
            protocol.Picos.Comparison, protocol.Picos.Outcomes, protocol.Picos.StudyDesign }.Concat(protocol.InclusionCriteria.Select(c => c.Text)));
        // The IDF over the records and the protocol's text, as one corpus, counted one record at a time.
        var counter = new DocumentFrequencyCounter(TermOptions.WordsAndCharacters);
        await foreach (var record in texts(cancellationToken)) counter.Add(TextTerms.Count(record.Text, TermOptions.WordsAndCharacters).Keys);
        counter.Add(TextTerms.Count(text, TermOptions.WordsAndCharacters).Keys);
        using var embedder = new HashedTfidfEmbeddingGenerator(counter.ToWeighting());
        var query = embedder.Embed(text);
        var isUnscreened = new bool[labels.Length];
        foreach (var i in unscreened) isUnscreened[i] = true;
        var similarity = new Dictionary<int, double>(unscreened.Length);
        var position = 0;
        await foreach (var record in texts(cancellationToken))
        {
            if (isUnscreened[position]) similarity[position] = System.Numerics.Tensors.TensorPrimitives.Dot<float>(query, embedder.Embed(record.Text));
            position++;
        }
        var bySimilarity = unscreened.OrderByDescending(i => similarity[i]).ThenBy(i => i).ToArray();
        return (RankingMethod.ProtocolSimilarity, bySimilarity, bySimilarity.Select(i => similarity[i]).ToArray(), null,
            needs + " and no LLM suggestions exist yet; ranked by similarity to the protocol's question, PICOS and inclusion criteria");
    }
}
