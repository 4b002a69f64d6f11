namespace Screener.Core.Ranking;

/// <summary>
/// Maps classifier scores to probabilities, P(include | s) = 1 / (1 + exp(a s + b)), fitted on labelled scores by
/// Newton's method with Platt's smoothed targets (Platt 1999; the Lin, Lin and Weng 2007 formulation). Needed because
/// a strongly regularised, class-balanced model's own sigmoid sits near 0.5 for every record.
/// </summary>
public sealed record PlattScaling(double A, double B)
{
    private const int MaxIterations = 100;
    private const double MinStep = 1e-10;
    private const double Ridge = 1e-12;

    public double Probability(double score)
    {
        var f = A * score + B;
        return f >= 0 ? Math.Exp(-f) / (1 + Math.Exp(-f)) : 1 / (1 + Math.Exp(f));
    }

    public static PlattScaling Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        var hi = (positives + 1.0) / (positives + 2.0);
        var lo = 1.0 / (negatives + 2.0);
        var t = labels.Select(l => l ? hi : lo).ToArray();
        double a = 0, b = Math.Log((negatives + 1.0) / (positives + 1.0));
        var value = Objective(scores, t, a, b);
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            double h11 = Ridge, h22 = Ridge, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var f = scores[i] * a + b;
                var (p, q) = f >= 0 ? (Math.Exp(-f) / (1 + Math.Exp(-f)), 1 / (1 + Math.Exp(-f))) : (1 / (1 + Math.Exp(f)), Math.Exp(f) / (1 + Math.Exp(f)));
                var d2 = p * q;
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                var d1 = t[i] - p;
                g1 += scores[i] * d1;
                g2 += d1;
            }
            if (Math.Abs(g1) < 1e-5 && Math.Abs(g2) < 1e-5) break;
            var det = h11 * h22 - h21 * h21;
            var da = -(h22 * g1 - h21 * g2) / det;
            var db = -(-h21 * g1 + h11 * g2) / det;
            var gd = g1 * da + g2 * db;
            var step = 1.0;
            while (step >= MinStep)
            {
                var next = Objective(scores, t, a + step * da, b + step * db);
                if (next < value + 0.0001 * step * gd) { a += step * da; b += step * db; value = next; break; }
                step /= 2;
            }
            if (step < MinStep) break;
        }
        return new PlattScaling(a, b);
    }

    private static double Objective(IReadOnlyList<double> scores, double[] t, double a, double b)
    {
        var sum = 0.0;
        for (var i = 0; i < scores.Count; i++)
        {
            var f = scores[i] * a + b;
            sum += f >= 0 ? t[i] * f + Math.Log(1 + Math.Exp(-f)) : (t[i] - 1) * f + Math.Log(1 + Math.Exp(f));
        }
        return sum;
    }
}
