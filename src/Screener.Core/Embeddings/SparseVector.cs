namespace Screener.Core.Embeddings;

/// <summary>A sparse vector with strictly increasing indices; the shape text features take before any model sees them.</summary>
public sealed record SparseVector(int[] Indices, float[] Values)
{
    public static SparseVector Empty { get; } = new([], []);

    public int Count => Indices.Length;

    public double Dot(ReadOnlySpan<double> dense)
    {
        var sum = 0.0;
        for (var k = 0; k < Indices.Length; k++) sum += Values[k] * dense[Indices[k]];
        return sum;
    }

    public double SquaredNorm()
    {
        var sum = 0.0;
        foreach (var v in Values) sum += (double)v * v;
        return sum;
    }

    public float[] ToDense(int dimension)
    {
        var dense = new float[dimension];
        for (var k = 0; k < Indices.Length; k++) dense[Indices[k]] += Values[k];
        return dense;
    }

    /// <summary>Builds from unordered (index, value) pairs, summing repeats and scaling to unit length.</summary>
    public static SparseVector FromPairsNormalised(Dictionary<int, double> pairs)
    {
        var indices = pairs.Keys.Where(k => pairs[k] != 0).Order().ToArray();
        var norm = Math.Sqrt(indices.Sum(i => pairs[i] * pairs[i]));
        if (norm == 0) return Empty;
        var values = new float[indices.Length];
        for (var k = 0; k < indices.Length; k++) values[k] = (float)(pairs[indices[k]] / norm);
        return new SparseVector(indices, values);
    }
}
