using Screener.Core.Embeddings;

namespace Screener.Core.Ranking;

/// <summary>The loss the linear classifier minimises (both L2-regularised, both LIBLINEAR dual solvers).</summary>
public enum ClassifierLoss
{
    /// <summary>Squared hinge: a linear SVM, ASReview's default classifier family (sklearn LinearSVC).</summary>
    SquaredHinge,

    /// <summary>Logistic regression.</summary>
    Logistic,
}

/// <summary>
/// L2-regularised linear classifier trained by dual coordinate descent (Hsieh et al. 2008 for the squared hinge,
/// Yu, Huang and Lin 2011 for the logistic loss: the LIBLINEAR solvers), with per-sample costs. The dual variables
/// are kept between calls, so retraining after a few more labels starts from the last solution and needs only a pass
/// or two: that is what makes simulation fast. Deterministic: the visiting order comes from the caller's seeded
/// <see cref="Random"/>.
/// </summary>
public sealed class LinearClassifier
{
    private const int MaxOuterIterations = 30;
    private const int MaxInnerIterations = 100;
    private const double Tolerance = 0.1;

    private readonly IReadOnlyList<SparseVector> _x;
    private readonly double[] _squaredNorms;
    private readonly double[] _alpha;
    private readonly double[] _cost;

    public LinearClassifier(IReadOnlyList<SparseVector> features, int dimension, ClassifierLoss loss)
    {
        _x = features;
        _squaredNorms = features.Select(f => f.SquaredNorm()).ToArray();
        _alpha = new double[features.Count];
        _cost = new double[features.Count];
        Weights = new double[dimension];
        Loss = loss;
    }

    public ClassifierLoss Loss { get; }

    public double[] Weights { get; }

    public IReadOnlyList<SparseVector> Rows => _x;

    public double Decision(int sample) => _x[sample].Dot(Weights);

    /// <summary>Fits on the given samples; <paramref name="cost"/> gives each sample's C (class balancing lives there).</summary>
    public void Train(IReadOnlyList<int> samples, Func<int, bool> isPositive, Func<int, double> cost, Random random)
    {
        foreach (var i in samples)
        {
            var c = cost(i);
            // A sample seen before keeps its dual value, rescaled to its new cost; a new one starts at (or, for the
            // logistic loss, whose dual needs 0 < alpha < C, near) zero.
            _alpha[i] = _cost[i] > 0 ? _alpha[i] * c / _cost[i] : Loss == ClassifierLoss.Logistic ? Math.Min(0.001 * c, 1e-8) : 0;
            _cost[i] = c;
        }
        Array.Clear(Weights);
        foreach (var i in samples) AddScaled(i, (isPositive(i) ? 1 : -1) * _alpha[i]);

        var order = samples.ToArray();
        var innerTolerance = 1e-2;
        for (var iteration = 0; iteration < MaxOuterIterations; iteration++)
        {
            random.Shuffle(order);
            var maxGradient = 0.0;
            var newtonSteps = 0;
            foreach (var i in order)
            {
                var y = isPositive(i) ? 1 : -1;
                var gradient = Loss == ClassifierLoss.Logistic ? UpdateLogistic(i, y, innerTolerance, ref newtonSteps) : UpdateSquaredHinge(i, y);
                maxGradient = Math.Max(maxGradient, gradient);
            }
            if (maxGradient < Tolerance) break;
            if (newtonSteps <= order.Length / 10) innerTolerance = Math.Max(1e-8, 0.1 * innerTolerance);
        }
    }

    /// <summary>
    /// One coordinate of the squared-hinge dual (LIBLINEAR's solve_l2r_l1l2_svc): the loss becomes a diagonal term
    /// 1 / (2C) and alpha is only bounded below, so the step is a projected closed-form Newton step.
    /// </summary>
    private double UpdateSquaredHinge(int i, int y)
    {
        var diagonal = 0.5 / _cost[i];
        var alpha = _alpha[i];
        var gradient = y * _x[i].Dot(Weights) - 1 + diagonal * alpha;
        var projected = alpha == 0 ? Math.Min(gradient, 0) : gradient;
        if (Math.Abs(projected) <= 1e-12) return 0;
        var next = Math.Max(alpha - gradient / (_squaredNorms[i] + diagonal), 0);
        _alpha[i] = next;
        AddScaled(i, (next - alpha) * y);
        return Math.Abs(projected);
    }

    /// <summary>One coordinate: a 1-D Newton solve for the pair (alpha, C - alpha), LIBLINEAR's solve_l2r_lr_dual.</summary>
    private double UpdateLogistic(int i, int y, double innerTolerance, ref int newtonSteps)
    {
        var c = _cost[i];
        var a = _squaredNorms[i];
        var b = y * _x[i].Dot(Weights);
        var alpha = _alpha[i];
        var complement = c - alpha;
        var sign = 1;
        var old = alpha;
        if (0.5 * a * (complement - alpha) + b < 0) { sign = -1; old = complement; }

        var z = old;
        if (c - z < 0.5 * c) z *= 0.1;
        var gradient = a * (z - old) + sign * b + Math.Log(z / (c - z));
        var maxGradient = Math.Abs(gradient);
        var steps = 0;
        while (steps <= MaxInnerIterations && Math.Abs(gradient) >= innerTolerance)
        {
            var next = z - gradient / (a + c / (c - z) / z);
            z = next <= 0 ? z * 0.1 : next;
            gradient = a * (z - old) + sign * b + Math.Log(z / (c - z));
            steps++;
        }
        newtonSteps += steps;
        if (steps == 0) return maxGradient;
        _alpha[i] = sign == 1 ? z : c - z;
        AddScaled(i, sign * (z - old) * y);
        return maxGradient;
    }

    private void AddScaled(int sample, double scale)
    {
        var x = _x[sample];
        for (var k = 0; k < x.Indices.Length; k++) Weights[x.Indices[k]] += scale * x.Values[k];
    }
}
