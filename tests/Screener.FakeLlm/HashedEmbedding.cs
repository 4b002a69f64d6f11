namespace Screener.FakeLlm;

/// <summary>Deterministic unit vectors from hashed words, so equal texts embed equally and shared words make texts closer.</summary>
public static class HashedEmbedding
{
    public static float[] Compute(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in text.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = Fnv1a(word);
            vector[(int)(hash % (uint)dimensions)] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
            for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }

    private static readonly char[] Separators = [' ', '\t', '\n', '\r', '.', ',', ';', ':', '!', '?', '(', ')', '"', '\''];

    private static uint Fnv1a(string word)
    {
        var hash = 2_166_136_261u;
        foreach (var c in word) hash = (hash ^ c) * 16_777_619u;
        return hash;
    }
}
