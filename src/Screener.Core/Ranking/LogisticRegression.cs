using Screener.Core.Embeddings;

namespace Screener.Core.Ranking;

/// <summary>
/// L2-regularised logistic regression trained by dual coordinate descent (Yu, Huang and Lin 2011, the LIBLINEAR
/// solver), with per-class costs. The dual variables are kept between calls, so retraining after a few more
/// labels starts from the last solution and needs only a pass or two: that is what makes simulation fast.
/// Deterministic: the visiting order comes from the caller's seeded <see cref="Random"/>.
/// </summary>
public sealed class LogisticRegression
{
    private const int MaxOuterIterations = 30;
    private const int MaxInnerIterations = 100;
    private const double Tolerance = 0.1;

    private readonly IReadOnlyList<SparseVector> _x;
    private readonly double[] _squaredNorms;
    private readonly double[] _alpha;
    private readonly double[] _cost;

    public LogisticRegression(IReadOnlyList<SparseVector> features, int dimension)
    {
        _x = features;
        _squaredNorms = features.Select(f => f.SquaredNorm()).ToArray();
        _alpha = new double[features.Count];
        _cost = new double[features.Count];
        Weights = new double[dimension];
    }

    public double[] Weights { get; }

    public IReadOnlyList<SparseVector> Rows => _x;

    public double Decision(int sample) => _x[sample].Dot(Weights);

    /// <summary>Fits on the given samples; <paramref name="cost"/> gives each sample's C (class balancing lives there).</summary>
    public void Train(IReadOnlyList<int> samples, Func<int, bool> isPositive, Func<int, double> cost, Random random)
    {
        foreach (var i in samples)
        {
            var c = cost(i);
            // A sample seen before keeps its dual value, rescaled to its new cost; a new one starts near zero.
            _alpha[i] = _cost[i] > 0 ? _alpha[i] * c / _cost[i] : Math.Min(0.001 * c, 1e-8);
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
                maxGradient = Math.Max(maxGradient, UpdateOne(i, isPositive(i) ? 1 : -1, innerTolerance, ref newtonSteps));
            if (maxGradient < Tolerance) break;
            if (newtonSteps <= order.Length / 10) innerTolerance = Math.Max(1e-8, 0.1 * innerTolerance);
        }
    }

    /// <summary>One coordinate: a 1-D Newton solve for the pair (alpha, C - alpha), LIBLINEAR's solve_l2r_lr_dual.</summary>
    private double UpdateOne(int i, int y, double innerTolerance, ref int newtonSteps)
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
