using System.Text.Json.Serialization;

namespace Screener.Core.Evaluation;

public enum PredictedLabel
{
    Include,
    Exclude,
    Unsure,
}

/// <summary>How per-group figures are averaged: by group size (the convention in the LLM-screening literature) or plainly.</summary>
public enum GroupWeighting
{
    Records,
    None,
}

/// <summary>One record with a human label: its prediction (null when missing), and optionally a ranking score and a confidence.</summary>
public sealed record EvaluationItem(string Id, string Group, bool Truth, PredictedLabel? Prediction, double? Score = null, double? Confidence = null);

/// <summary>
/// How complete the predictions are. Missing predictions are reported here, never counted as excludes;
/// unsure ones are counted here and evaluated both ways.
/// </summary>
public sealed record Coverage(int TruthRecords, int Predicted, int Missing, int Unsure, double? Share);

public sealed record GroupMetrics(string Group, int Records, BinaryMetrics Metrics);

/// <summary>A metric averaged over groups; groups where it is undefined are left out (GroupsDefined says how many count).</summary>
public sealed record MetricAverage(string Metric, double? Value, int GroupsDefined);

/// <summary>
/// One way of reading the predictions: "decided" (include/exclude only), "unsure-as-include", "unsure-as-exclude".
/// </summary>
public sealed record ViewEvaluation(string View, BinaryMetrics Pooled, IReadOnlyList<GroupMetrics> Groups, IReadOnlyList<MetricAverage> Averages);

public sealed record RankingSummary(
    string Group,
    int Records,
    int Relevant,
    double Wss95,
    double Wss100,
    double RecallAt10,
    double RecallAt25,
    double RecallAt50,
    int? RecordsTo95,
    int? RecordsTo100,
    [property: JsonIgnore] IReadOnlyList<RecallPoint> Curve);

public sealed record ScreeningEvaluation(
    string Name,
    Coverage Coverage,
    IReadOnlyList<ViewEvaluation> Views,
    IReadOnlyList<RankingSummary> Rankings,
    GroupWeighting Weighting);

public static class ScreeningEvaluator
{
    public const string Decided = "decided";
    public const string UnsureAsInclude = "unsure-as-include";
    public const string UnsureAsExclude = "unsure-as-exclude";
    public const string Pooled = "pooled";

    /// <summary>
    /// Evaluates one set of predictions. With no unsure predictions only the "decided" view is produced (the other
    /// two would be identical to it). Rankings are computed only when some item carries a score.
    /// </summary>
    public static ScreeningEvaluation Evaluate(string name, IReadOnlyList<EvaluationItem> items, GroupWeighting weighting, BootstrapSettings? bootstrap = null)
    {
        var predicted = items.Count(i => i.Prediction is not null);
        var unsure = items.Count(i => i.Prediction == PredictedLabel.Unsure);
        var coverage = new Coverage(items.Count, predicted, items.Count - predicted, unsure,
            items.Count == 0 ? null : (double)predicted / items.Count);
        var views = new List<ViewEvaluation> { View(Decided, items, i => i.Prediction is null or PredictedLabel.Unsure ? null : i.Prediction == PredictedLabel.Include, weighting, bootstrap) };
        if (unsure > 0)
        {
            views.Add(View(UnsureAsInclude, items, i => i.Prediction is null ? null : i.Prediction != PredictedLabel.Exclude, weighting, bootstrap));
            views.Add(View(UnsureAsExclude, items, i => i.Prediction is null ? null : i.Prediction == PredictedLabel.Include, weighting, bootstrap));
        }
        var rankings = items.Any(i => i.Score is not null) ? Rankings(items) : [];
        return new ScreeningEvaluation(name, coverage, views, rankings, weighting);
    }

    private static ViewEvaluation View(string view, IReadOnlyList<EvaluationItem> items, Func<EvaluationItem, bool?> predictsInclude,
        GroupWeighting weighting, BootstrapSettings? bootstrap)
    {
        var groups = items.GroupBy(i => i.Group).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var matrix = Matrix(g, predictsInclude);
            return new GroupMetrics(g.Key, matrix.Total, BinaryMetricsCalculator.Compute(matrix, bootstrap));
        }).ToList();
        var pooled = BinaryMetricsCalculator.Compute(Matrix(items, predictsInclude), bootstrap);
        return new ViewEvaluation(view, pooled, groups, Averages(groups, weighting));
    }

    private static ConfusionMatrix Matrix(IEnumerable<EvaluationItem> items, Func<EvaluationItem, bool?> predictsInclude) =>
        ConfusionMatrix.From(items.Select(i => (i.Truth, Prediction: predictsInclude(i)))
            .Where(p => p.Prediction is not null).Select(p => (p.Truth, p.Prediction!.Value)));

    /// <summary>Averages of each metric's point value over groups, weighted by the records evaluated in each group, or plainly.</summary>
    public static IReadOnlyList<MetricAverage> Averages(IReadOnlyList<GroupMetrics> groups, GroupWeighting weighting) =>
        BinaryMetrics.Names.Select(metric =>
        {
            var defined = groups.Select(g => (Weight: weighting == GroupWeighting.Records ? g.Records : 1, metric.Read(g.Metrics).Value))
                .Where(x => x.Value is not null && x.Weight > 0).ToList();
            var total = defined.Sum(x => (double)x.Weight);
            return new MetricAverage(metric.Name, total == 0 ? null : defined.Sum(x => x.Weight * x.Value!.Value) / total, defined.Count);
        }).ToList();

    private static List<RankingSummary> Rankings(IReadOnlyList<EvaluationItem> items)
    {
        var groups = items.GroupBy(i => i.Group).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Ranking(g.Key, g.ToList())).ToList();
        if (groups.Count > 1) groups.Add(Ranking(Pooled, items));
        return groups;
    }

    /// <summary>Highest score first; ties by record id so the order is reproducible; records without a score come last.</summary>
    public static RankingSummary Ranking(string group, IReadOnlyList<EvaluationItem> items)
    {
        var order = items.OrderBy(i => i.Score is null).ThenByDescending(i => i.Score ?? 0).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => i.Truth).ToList();
        var r = RankingMetrics.Compute(order);
        return new RankingSummary(group, r.Records, r.Relevant, r.Wss95, r.Wss100,
            RankingMetrics.RecallAt(r.Curve, 0.10), RankingMetrics.RecallAt(r.Curve, 0.25), RankingMetrics.RecallAt(r.Curve, 0.50),
            r.RecordsTo95, r.RecordsTo100, r.Curve);
    }
}
