namespace Screener.Core.Ranking;

/// <summary>
/// How far the ranking trusts the LLM. Unlabelled records are ordered by z + Weight x v: z the text model's score in
/// units of its spread over the review's records, v the LLM's inclusion probability mapped to [-1, 1] (0: no
/// suggestion). Weight is learnt from the labels: a logistic model P(include) = sigmoid(c + a z + b v) is fitted to
/// the labelled records' cross-validated text scores (each from a model trained without that record's fold, so they
/// look like the scores of unseen records) and their LLM values, and Weight = b / a, the vote's worth in text-score
/// units. A Gaussian prior (a about 1, b about <see cref="PriorWeight"/>, each with unit spread) stands in before
/// there are labels and fades as they come in, since the likelihood grows with every label and the prior does not.
/// An LLM whose votes add nothing to the text gets b near 0, hence the text model's own order; one whose votes match
/// the labels gets a large weight, hence its "includes" first with the text ordering within. A b below 0 counts as 0:
/// an LLM is not assumed to be systematically inverted. On GPT-4's votes (Wilkins 2023) the learnt weight stays near
/// 1 for the first few dozen labels and falls to about 0.3-0.5 as the text model learns what the vote knew.
/// Measured against the LLM probability as a classifier feature, and the other variants tried, in eval/simulation/README.md.
/// </summary>
public sealed record LlmBlend(double Weight, double TextCoefficient, double LlmCoefficient)
{
    /// <summary>
    /// The prior's b (and the weight before any cross-validation): a vote moves a record by one spread of the text
    /// score each way. Chosen a priori, not tuned on the evaluation sets (eval/simulation/README.md lists the others tried).
    /// </summary>
    public const double PriorWeight = 1.0;

    /// <summary>Prior standard deviation of a and b; the intercept's is wide.</summary>
    private const double PriorSpread = 1.0;
    private const double InterceptSpread = 10.0;

    /// <summary>Below this text coefficient the text score is taken as carrying almost nothing: the LLM leads.</summary>
    private const double MinTextCoefficient = 0.05;

    private const int MaxIterations = 50;

    public static LlmBlend Prior { get; } = new(PriorWeight, 1, PriorWeight);

    public double Score(double z, double v) => z + Weight * v;

    /// <summary>Fits the blend on labelled records: <paramref name="z"/> their held-out text scores, <paramref name="v"/> their LLM values.</summary>
    public static LlmBlend Fit(IReadOnlyList<double> z, IReadOnlyList<double> v, IReadOnlyList<bool> labels)
    {
        if (z.Count != v.Count || z.Count != labels.Count) throw new ArgumentException("one text score, LLM value and label per record");
        double c = 0, a = 1, b = PriorWeight;
        var value = Objective(z, v, labels, c, a, b);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            // Gradient and Hessian of the negative log posterior in (c, a, b).
            var g = new double[3];
            var h = new double[3, 3];
            g[0] = c / (InterceptSpread * InterceptSpread);
            g[1] = (a - 1) / (PriorSpread * PriorSpread);
            g[2] = (b - PriorWeight) / (PriorSpread * PriorSpread);
            h[0, 0] = 1 / (InterceptSpread * InterceptSpread);
            h[1, 1] = h[2, 2] = 1 / (PriorSpread * PriorSpread);
            for (var i = 0; i < z.Count; i++)
            {
                var x = new[] { 1, z[i], v[i] };
                var p = Sigmoid(c + a * z[i] + b * v[i]);
                var r = p - (labels[i] ? 1 : 0);
                var w = p * (1 - p);
                for (var j = 0; j < 3; j++)
                {
                    g[j] += r * x[j];
                    for (var k = 0; k < 3; k++) h[j, k] += w * x[j] * x[k];
                }
            }
            if (Math.Abs(g[0]) + Math.Abs(g[1]) + Math.Abs(g[2]) < 1e-8) break;
            var step = Solve(h, g);
            var t = 1.0;
            // Newton step with backtracking: the objective is convex, so halving finds a decrease.
            while (t > 1e-8)
            {
                var next = Objective(z, v, labels, c - t * step[0], a - t * step[1], b - t * step[2]);
                if (next <= value) { c -= t * step[0]; a -= t * step[1]; b -= t * step[2]; value = next; break; }
                t /= 2;
            }
            if (t <= 1e-8) break;
        }
        return new LlmBlend(Math.Max(b, 0) / Math.Max(a, MinTextCoefficient), a, b);
    }

    private static double Objective(IReadOnlyList<double> z, IReadOnlyList<double> v, IReadOnlyList<bool> labels, double c, double a, double b)
    {
        var sum = c * c / (2 * InterceptSpread * InterceptSpread)
            + ((a - 1) * (a - 1) + (b - PriorWeight) * (b - PriorWeight)) / (2 * PriorSpread * PriorSpread);
        for (var i = 0; i < z.Count; i++)
        {
            var f = c + a * z[i] + b * v[i];
            // log(1 + e^f) - y f, written to stay finite for large |f|.
            sum += (f > 0 ? f + Math.Log(1 + Math.Exp(-f)) : Math.Log(1 + Math.Exp(f))) - (labels[i] ? f : 0);
        }
        return sum;
    }

    private static double Sigmoid(double f) => f >= 0 ? 1 / (1 + Math.Exp(-f)) : Math.Exp(f) / (1 + Math.Exp(f));

    /// <summary>Solves the 3x3 system h s = g by Cramer's rule (h is positive definite: the prior keeps it so).</summary>
    private static double[] Solve(double[,] h, double[] g)
    {
        double Det(double[,] m) =>
            m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        var det = Det(h);
        var s = new double[3];
        for (var col = 0; col < 3; col++)
        {
            var m = (double[,])h.Clone();
            for (var row = 0; row < 3; row++) m[row, col] = g[row];
            s[col] = Det(m) / det;
        }
        return s;
    }
}
